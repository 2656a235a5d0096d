package dev.graphupload.transport.jdk;

import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.testkit.UploadEndToEndContract;
import java.nio.file.Path;

class JdkEndToEndTest extends UploadEndToEndContract {

  @Override
  protected HttpTransport newTransport() {
    return JdkHttpTransport.create();
  }

  @Override
  protected HttpTransport newTransportTrusting(Path caCertificate) {
    return JdkHttpTransport.builder().trustedCertificates(caCertificate).build();
  }
}

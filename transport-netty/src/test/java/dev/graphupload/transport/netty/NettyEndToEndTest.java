package dev.graphupload.transport.netty;

import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.testkit.UploadEndToEndContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FailOnLeaks.class)
class NettyEndToEndTest extends UploadEndToEndContract {

  @Override
  protected HttpTransport newTransport() {
    return NettyHttpTransport.create();
  }

  @Override
  protected HttpTransport newTransportTrusting(Path caCertificate) {
    return NettyHttpTransport.builder().trustedCertificates(caCertificate).build();
  }
}

package dev.graphupload.transport.jdk;

import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.testkit.UploadEndToEndContract;

class JdkEndToEndTest extends UploadEndToEndContract {

  @Override
  protected HttpTransport newTransport() {
    return JdkHttpTransport.create();
  }
}

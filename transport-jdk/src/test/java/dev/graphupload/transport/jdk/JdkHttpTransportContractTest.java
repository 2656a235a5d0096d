package dev.graphupload.transport.jdk;

import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.testkit.HttpTransportContract;

class JdkHttpTransportContractTest extends HttpTransportContract {

  @Override
  protected HttpTransport newTransport() {
    return JdkHttpTransport.create();
  }
}

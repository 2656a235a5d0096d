package dev.graphupload.transport.netty;

import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.testkit.HttpTransportContract;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FailOnLeaks.class)
class NettyHttpTransportContractTest extends HttpTransportContract {

  @Override
  protected HttpTransport newTransport() {
    return NettyHttpTransport.create();
  }
}

package io.tillstream.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** A second quick start must not quietly use the first one's servers. */
class LocalRunnerPortsTest {

    @Test
    void aPortSomethingListensOnIsRefusedWithTheOptionToChangeIt() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class, () -> LocalRunner.requireFree(other.getLocalPort(), "s3-port"));
            assertTrue(refused.getMessage().contains("--s3-port"), refused.getMessage());
        }
    }

    /** A quick start stopped a moment ago leaves its servers' closed connections waiting on their ports. */
    @Test
    void aPortWhoseServerJustStoppedIsAccepted() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
            port = server.getLocalPort();
            try (Socket client = new Socket(loopback, port);
                    Socket accepted = server.accept()) {
                // closed first (the last resource), as a server that stops closes its connections
                assertTrue(accepted.isConnected() && client.isConnected());
            }
        }
        assertDoesNotThrow(() -> LocalRunner.requireFree(port, "s3-port"));
    }

    @Test
    void aFreePortIsAccepted() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertDoesNotThrow(() -> LocalRunner.requireFree(port, "postgres-port"));
    }
}

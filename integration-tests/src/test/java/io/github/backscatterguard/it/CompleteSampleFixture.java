package io.github.backscatterguard.it;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * conf-samples/complete as the tests run it: the sample's own files with only the test edits
 * (loopback SMTP, the DNSBL pointed at a real rbldnsd listing one IP, RemoteDelivery pointed at an
 * {@link SmtpSink} standing in for the Internet, the two pools bound to 127.0.0.2 and 127.0.0.3).
 */
final class CompleteSampleFixture implements AutoCloseable {
    static final String SAMPLE = "complete";
    static final String DEFAULT_POOL = "127.0.0.2";
    static final String NDR_POOL = "127.0.0.3";

    private SmtpSink internet;
    private Rbldnsd rbldnsd;

    /** Starts the sink and rbldnsd (listing {@code listed}) and writes the edited sample into {@code conf}. */
    void writeTo(Path conf, InetAddress listed) throws Exception {
        internet = SmtpSink.start();
        SampleFile smtpServer = SampleFile.load(SAMPLE, "smtpserver.xml");
        rbldnsd = InboundProtectionIntegrationTest.startListing(smtpServer.text(TestEdits.SAFE_MODE_HOOK + "/zone").split("=")[0], listed);
        String dnsServers = "127.0.0.1:" + rbldnsd.address().getPort();
        TestEdits.hookAsks(TestEdits.smtpOnLoopback(smtpServer), dnsServers).writeTo(conf);
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.fallbackAsks(mailetContainer, dnsServers);
        TestEdits.deliverToSink(mailetContainer, internet);
        TestEdits.poolAddresses(mailetContainer, DEFAULT_POOL, NDR_POOL);
        mailetContainer.writeTo(conf);
    }

    /** "The Internet": what RemoteDelivery sent out. */
    SmtpSink internet() {
        return internet;
    }

    @Override
    public void close() throws IOException {
        if (internet != null) {
            internet.close();
        }
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }
}

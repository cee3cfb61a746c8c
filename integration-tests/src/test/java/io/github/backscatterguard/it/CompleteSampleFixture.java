package io.github.backscatterguard.it;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * conf-samples/complete as the tests run it: the sample's own files with only the test edits
 * (loopback SMTP and WebAdmin, the DNSBL pointed at a real rbldnsd listing one IP, RemoteDelivery
 * pointed at an {@link SmtpSink} standing in for the Internet, the two pools bound to 127.0.0.2 and
 * 127.0.0.3, the relayed domain's server another sink, recipient lists looked for every second).
 */
final class CompleteSampleFixture implements AutoCloseable {
    static final String SAMPLE = "complete";
    static final String DEFAULT_POOL = "127.0.0.2";
    static final String NDR_POOL = "127.0.0.3";

    private SmtpSink internet;
    private SmtpSink downstream;
    private Rbldnsd rbldnsd;
    private Path relayRecipients;

    /** Starts the sink and rbldnsd (listing {@code listed}) and writes the edited sample into {@code conf}. */
    void writeTo(Path conf, InetAddress listed) throws Exception {
        internet = SmtpSink.start();
        downstream = SmtpSink.start();
        SampleFile smtpServer = SampleFile.load(SAMPLE, "smtpserver.xml");
        rbldnsd = InboundProtectionIntegrationTest.startListing(smtpServer.text(TestEdits.SAFE_MODE_HOOK + "/zone").split("=")[0], listed);
        String dnsServers = "127.0.0.1:" + rbldnsd.address().getPort();
        TestEdits.hookAsks(TestEdits.smtpOnLoopback(smtpServer), dnsServers);
        TestEdits.recipientListsReloadEverySecond(smtpServer).writeTo(conf);
        TestEdits.webAdminOnLoopback(SAMPLE, conf);
        // The sample's directory, file://var/relay-recipients/, as James resolves it under its working directory.
        relayRecipients = conf.getParent().resolve("var").resolve("relay-recipients");
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.fallbackAsks(mailetContainer, dnsServers);
        TestEdits.deliverToSink(mailetContainer, internet);
        TestEdits.downstreamAt(mailetContainer, downstream);
        TestEdits.poolAddresses(mailetContainer, DEFAULT_POOL, NDR_POOL);
        mailetContainer.writeTo(conf);
    }

    /** "The Internet": what RemoteDelivery sent out. */
    SmtpSink internet() {
        return internet;
    }

    /** The relayed domain's own server (customer.example's). */
    SmtpSink downstream() {
        return downstream;
    }

    /** Where the relayed domains' recipient lists live (the sample's file://var/relay-recipients/). */
    Path relayRecipients() {
        return relayRecipients;
    }

    @Override
    public void close() throws IOException {
        if (internet != null) {
            internet.close();
        }
        if (downstream != null) {
            downstream.close();
        }
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }
}

package io.github.backscatterguard.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The only changes the integration tests make to a sample: what must differ between a production
 * server and a test JVM on loopback. Everything else (hooks, matchers, policy values) is tested as
 * the administrator copies it.
 */
final class TestEdits {
    static final String SMTP_BIND = "/smtpservers/smtpserver/bind";
    static final String SAFE_MODE_HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.SafeModeDnsblHook']";
    static final String FALLBACK = "//processor[@state='root']/mailet[starts-with(@match, 'io.github.backscatterguard.james.matchers.InBackscattererSafeMode')]";
    /** Every RemoteDelivery that delivers to the Internet (by MX), i.e. all but the relayed domain's, which has a gateway. */
    static final String ANY_REMOTE_DELIVERY = "//processor[not(@state='relay-customer')]/mailet[@class='RemoteDelivery']";
    static final String DOWNSTREAM = "//processor[@state='relay-customer']/mailet[@class='RemoteDelivery']";
    static final String RELAY_RECIPIENT_LIST_HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.RelayRecipientListHook']";
    static final String DEFAULT_POOL = "//processor[@state='relay']/mailet[@class='RemoteDelivery']";
    static final String NDR_POOL = "//processor[@state='ndr-pool']/mailet[@class='RemoteDelivery']";
    static final String REROUTE = "//processor[@state='relay']/mailet[@class='io.github.backscatterguard.james.mailets.RerouteNdr']";

    /** The loopback address of the test's stand-in for a hosted filter relaying mail to James. */
    static final String FRONT_FILTER = "127.0.0.10";

    private TestEdits() {
    }

    /** SMTP on 127.0.0.1 and a port the OS picks (read back with SmtpGuiceProbe), instead of 0.0.0.0:25. */
    static SampleFile smtpOnLoopback(SampleFile smtpServer) {
        return smtpServer.setText(SMTP_BIND, "127.0.0.1:0");
    }

    /** The safe-mode hook asks the test's rbldnsd instead of the system resolvers. */
    static SampleFile hookAsks(SampleFile smtpServer, String dnsServers) {
        return smtpServer.addChild(SAFE_MODE_HOOK, "dnsServers", dnsServers);
    }

    /**
     * The mailet-level fallback asks the test's rbldnsd, and trusts the test's front filter (the
     * sample tells administrators to name theirs in trustedNetworks).
     */
    static SampleFile fallbackAsks(SampleFile mailetContainer, String dnsServers) {
        return mailetContainer
            .setConditionValue(FALLBACK, "dnsServers", dnsServers)
            .setConditionValue(FALLBACK, "trustedNetworks", FRONT_FILTER + "/32");
    }

    /** Every RemoteDelivery delivers to the SMTP sink ("the Internet") instead of each domain's MX. */
    static SampleFile deliverToSink(SampleFile mailetContainer, SmtpSink sink) {
        return mailetContainer
            .addChild(ANY_REMOTE_DELIVERY, "gateway", "127.0.0.1")
            .addChild(ANY_REMOTE_DELIVERY, "gatewayPort", String.valueOf(sink.port()));
    }

    /** The relayed domain's own server is the test's second SMTP sink, instead of mail.customer.example:25. */
    static SampleFile downstreamAt(SampleFile mailetContainer, SmtpSink downstream) {
        return mailetContainer
            .setText(DOWNSTREAM + "/gateway", "127.0.0.1")
            .setText(DOWNSTREAM + "/gatewayPort", String.valueOf(downstream.port()));
    }

    /** Changed recipient-list files are looked for every second instead of every 10 s, so the test waits less. */
    static SampleFile recipientListsReloadEverySecond(SampleFile smtpServer) {
        return smtpServer.addChild(RELAY_RECIPIENT_LIST_HOOK, "reloadInterval", "1s");
    }

    /** The sample's webadmin.properties with WebAdmin on 127.0.0.1 and a port the OS picks (read back with WebAdminGuiceProbe). */
    static void webAdminOnLoopback(String sampleName, Path conf) throws IOException {
        String sample = Files.readString(SampleFile.SAMPLES.resolve(sampleName).resolve("webadmin.properties"));
        String edited = sample.replace("\nport=8000\n", "\nport=0\n").replace("\nhost=localhost\n", "\nhost=127.0.0.1\n");
        if (edited.equals(sample)) {
            throw new IllegalStateException("webadmin.properties of the sample no longer has port=8000 and host=localhost");
        }
        Files.writeString(conf.resolve("webadmin.properties"), edited);
    }

    /**
     * Source addresses of the two pools: the sample lets the default pool use the host's and names
     * a documentation address for the NDR pool; the test gives each a loopback address of its own.
     */
    static SampleFile poolAddresses(SampleFile mailetContainer, String defaultPool, String ndrPool) {
        return mailetContainer
            .addChild(DEFAULT_POOL, "bind", defaultPool)
            .setText(NDR_POOL + "/bind", ndrPool);
    }
}

package io.github.backscatterguard.it;

/**
 * The only changes the integration tests make to a sample: what must differ between a production
 * server and a test JVM on loopback. Everything else (hooks, matchers, policy values) is tested as
 * the administrator copies it.
 */
final class TestEdits {
    static final String SMTP_BIND = "/smtpservers/smtpserver/bind";
    static final String SAFE_MODE_HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.SafeModeDnsblHook']";
    static final String FALLBACK = "//processor[@state='root']/mailet[starts-with(@match, 'io.github.backscatterguard.james.matchers.InBackscattererSafeMode')]";
    static final String ANY_REMOTE_DELIVERY = "//mailet[@class='RemoteDelivery']";
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

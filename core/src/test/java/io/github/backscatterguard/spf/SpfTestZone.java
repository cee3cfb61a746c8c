package io.github.backscatterguard.spf;

import java.util.List;

/**
 * The SPF records the SPF tests of every module serve with {@link Dnsmasq}: one domain per result.
 * Addresses are documentation ranges (RFC 5737, RFC 3849); they are only data here, never contacted.
 */
public final class SpfTestZone {
    /** Designated by pass.spf.test and soft.spf.test. */
    public static final String GOOD_IP = "192.0.2.10";
    /** Designated by no domain. */
    public static final String FORGER_IP = "198.51.100.7";
    /** The one address mta.spf.test (a HELO name) designates. */
    public static final String MTA_IP = "192.0.2.30";
    /** The A record of mail.spf.test, designated by amech.spf.test. */
    public static final String MAIL_HOST_IP = "192.0.2.25";
    public static final int TTL_SECONDS = 300;

    public static final List<String> CONFIG = List.of(
        // Names under test that are not configured below are NXDOMAIN; names elsewhere are REFUSED.
        "local=/test/",
        "local-ttl=" + TTL_SECONDS,
        "txt-record=pass.spf.test,\"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all\"",
        "txt-record=soft.spf.test,\"v=spf1 ip4:192.0.2.0/24 ~all\"",
        "txt-record=neutral.spf.test,\"v=spf1 ?all\"",
        "txt-record=nospf.spf.test,\"site-verification=4b6f2c\"",
        "txt-record=two.spf.test,\"v=spf1 -all\"",
        "txt-record=two.spf.test,\"v=spf1 ip4:192.0.2.0/24 -all\"",
        "txt-record=syntax.spf.test,\"v=spf1 ip4:192.0.2.0/24 bogus:thing -all\"",
        // outside.example is not under test: dnsmasq answers REFUSED, an RCODE that means temperror.
        "txt-record=refused.spf.test,\"v=spf1 include:outside.example -all\"",
        "txt-record=amech.spf.test,\"v=spf1 a:mail.spf.test -all\"",
        "host-record=mail.spf.test,192.0.2.25",
        "txt-record=mta.spf.test,\"v=spf1 ip4:192.0.2.30 -all\"",
        "txt-record=exp.spf.test,\"v=spf1 ip4:192.0.2.0/24 -all exp=why.exp.spf.test\"",
        "txt-record=why.exp.spf.test,\"%{i} is not a mail server of %{d}\"",
        "txt-record=split.spf.test,\"v=spf1 ip4:192.0.2.0/24\",\" -all\"",
        "txt-record=cache.spf.test,\"v=spf1 ip4:192.0.2.0/24 -all\"",
        "txt-record=nocache.spf.test,\"v=spf1 ip4:192.0.2.0/24 -all\"");

    private SpfTestZone() {
    }
}

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Adapts an installed James configuration to the demo, whatever sample it came from: run by
 * demo/run.sh with the JDK's source launcher ({@code java demo/DemoConfig.java CONF_DIR [options]}),
 * so the demo needs nothing but a JDK.
 * <ul>
 * <li>smtpserver.xml: every listener on 127.0.0.1 (the first on 2525, the next on 2526...), only
 *     127.0.0.1/32 may relay, no TLS (the demo has no keystore; it only speaks over loopback);</li>
 * <li>with {@code --dns-servers HOST:PORT}: every DNSBL hook and matcher asks that server
 *     (the demo's rbldnsd) instead of the system resolvers;</li>
 * <li>with {@code --gateway HOST:PORT}: every RemoteDelivery hands its mail to that gateway, so
 *     the demo never sends mail to the Internet;</li>
 * <li>prints the mail repositories the configuration writes to, as WebAdmin URLs, to
 *     {@code --repositories-file FILE}.</li>
 * </ul>
 * Each change is reported on one line. Exit code 2 on a configuration it cannot read.
 */
public class DemoConfig {
    private static final String RELAY_NETWORK = "127.0.0.1/32";
    private static final String LISTEN_ADDRESS = "127.0.0.1";
    private static final int FIRST_SMTP_PORT = 2525;
    /** Our matchers whose condition takes a dnsServers key (zone=...; dnsServers=...). */
    private static final Set<String> DNSBL_MATCHERS = Set.of("InBackscattererSafeMode", "RemoteAddrInDnsbl");
    /** Our SMTP hooks that take a dnsServers parameter. */
    private static final Set<String> DNSBL_HOOKS = Set.of("SafeModeDnsblHook");

    private final File confDir;
    private final Optional<String> dnsServers;
    private final Optional<String> gateway;
    private final Optional<File> repositoriesFile;

    private DemoConfig(File confDir, Optional<String> dnsServers, Optional<String> gateway, Optional<File> repositoriesFile) {
        this.confDir = confDir;
        this.dnsServers = dnsServers;
        this.gateway = gateway;
        this.repositoriesFile = repositoriesFile;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java DemoConfig.java CONF_DIR [--dns-servers HOST:PORT] [--gateway HOST:PORT] [--repositories-file FILE]");
            System.exit(2);
        }
        Optional<String> dns = Optional.empty();
        Optional<String> gateway = Optional.empty();
        Optional<File> repositories = Optional.empty();
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                fail("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--dns-servers": dns = Optional.of(args[i + 1]); break;
                case "--gateway": gateway = Optional.of(args[i + 1]); break;
                case "--repositories-file": repositories = Optional.of(new File(args[i + 1])); break;
                default: fail("unknown option " + args[i]);
            }
        }
        new DemoConfig(new File(args[0]), dns, gateway, repositories).run();
    }

    private void run() throws Exception {
        File smtp = new File(confDir, "smtpserver.xml");
        File mailets = new File(confDir, "mailetcontainer.xml");
        for (File file : List.of(smtp, mailets)) {
            if (!file.isFile()) {
                fail(file + " is missing");
            }
        }
        Document smtpDoc = parse(smtp);
        adaptSmtpServers(smtpDoc);
        write(smtpDoc, smtp);

        Document mailetDoc = parse(mailets);
        adaptMailetContainer(mailetDoc);
        write(mailetDoc, mailets);

        if (repositoriesFile.isPresent()) {
            java.nio.file.Files.write(repositoriesFile.get().toPath(), repositories(mailetDoc), StandardCharsets.UTF_8);
        }
    }

    private void adaptSmtpServers(Document doc) {
        List<Element> servers = elements(doc.getDocumentElement(), "smtpserver");
        int port = FIRST_SMTP_PORT;
        for (Element server : servers) {
            String name = text(server, "jmxName").orElse("smtpserver");
            if ("false".equalsIgnoreCase(server.getAttribute("enabled"))) {
                continue;
            }
            String bind = LISTEN_ADDRESS + ":" + port++;
            report("smtpserver.xml", name, "bind", setChild(server, "bind", bind), bind);
            report("smtpserver.xml", name, "authorizedAddresses", setChild(server, "authorizedAddresses", RELAY_NETWORK), RELAY_NETWORK);
            for (Element tls : elements(server, "tls")) {
                for (String attribute : List.of("socketTLS", "startTLS")) {
                    if ("true".equalsIgnoreCase(tls.getAttribute(attribute))) {
                        tls.setAttribute(attribute, "false");
                        report("smtpserver.xml", name, attribute, "true", "false (no keystore in the demo)");
                    }
                }
            }
            if (dnsServers.isPresent()) {
                for (Element handler : descendants(server, "handler")) {
                    String hook = simpleName(handler.getAttribute("class"));
                    if (DNSBL_HOOKS.contains(hook) || !elements(handler, "dnsServers").isEmpty()) {
                        report("smtpserver.xml", name + " " + hook, "dnsServers", setChild(handler, "dnsServers", dnsServers.get()), dnsServers.get());
                    }
                }
            }
        }
        if (port == FIRST_SMTP_PORT) {
            fail("smtpserver.xml has no enabled <smtpserver>");
        }
    }

    private void adaptMailetContainer(Document doc) {
        for (Element element : descendants(doc.getDocumentElement(), "*")) {
            String match = element.getAttribute("match");
            if (dnsServers.isPresent() && !match.isEmpty() && DNSBL_MATCHERS.contains(simpleName(match.split("=", 2)[0]))) {
                String adapted = withDnsServers(match, dnsServers.get());
                element.setAttribute("match", adapted);
                report("mailetcontainer.xml", simpleName(match.split("=", 2)[0]), "match", match, adapted);
            }
            if (dnsServers.isPresent() && "mailet".equals(element.getTagName())) {
                for (Element dns : elements(element, "dnsServers")) {
                    String old = dns.getTextContent().trim();
                    dns.setTextContent(dnsServers.get());
                    report("mailetcontainer.xml", simpleName(element.getAttribute("class")), "dnsServers", old, dnsServers.get());
                }
            }
            if (gateway.isPresent() && "mailet".equals(element.getTagName())
                && "RemoteDelivery".equals(simpleName(element.getAttribute("class")))) {
                String queue = text(element, "outgoing").orElse("outgoing");
                report("mailetcontainer.xml", "RemoteDelivery(" + queue + ")", "gateway",
                    setChild(element, "gateway", gateway.get()), gateway.get() + " (nothing leaves this machine)");
            }
        }
    }

    /** "zone=a; dnsServers=x" -> the same condition with dnsServers=value, added when absent. */
    static String withDnsServers(String match, String value) {
        String[] nameAndCondition = match.split("=", 2);
        List<String> parts = new ArrayList<>();
        boolean replaced = false;
        if (nameAndCondition.length == 2) {
            for (String part : nameAndCondition[1].split(";")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("dnsservers=")) {
                    parts.add("dnsServers=" + value);
                    replaced = true;
                } else {
                    parts.add(trimmed);
                }
            }
        }
        if (!replaced) {
            parts.add("dnsServers=" + value);
        }
        return nameAndCondition[0] + "=" + String.join("; ", parts);
    }

    /** Every repository URL the mailets write to, as a WebAdmin URL. */
    private static List<String> repositories(Document doc) {
        Set<String> urls = new LinkedHashSet<>();
        // Any repository parameter (repositoryPath, repository, overflowRepository, errorRepository...).
        for (Element element : descendants(doc.getDocumentElement(), "*")) {
            String value = element.getTextContent().trim();
            if (element.getTagName().toLowerCase(Locale.ROOT).contains("repository") && value.matches("[a-z]+://\\S+")) {
                urls.add(value);
            }
        }
        List<String> lines = new ArrayList<>();
        for (String url : urls) {
            // WebAdmin (3.8.1) names a repository by its path without protocol or trailing slash:
            // memory://var/mail/error/ is /mailRepositories/var%2Fmail%2Ferror
            String path = url.substring(url.indexOf("://") + 3).replaceAll("/+$", "");
            lines.add(url + " http://127.0.0.1:8000/mailRepositories/" + URLEncoder.encode(path, StandardCharsets.UTF_8) + "/mails");
        }
        return lines;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).trim();
    }

    /** Sets the text of the direct child named so (created when absent); returns the old text. */
    private static String setChild(Element parent, String name, String value) {
        List<Element> children = elements(parent, name);
        if (children.isEmpty()) {
            Element child = parent.getOwnerDocument().createElement(name);
            child.setTextContent(value);
            // Indent like the last child element, before the closing tag's own indentation.
            Node closing = isBlankText(parent.getLastChild()) ? parent.getLastChild() : null;
            Node lastChild = closing != null ? closing.getPreviousSibling() : parent.getLastChild();
            Node indent = lastChild != null ? lastChild.getPreviousSibling() : null;
            if (closing != null && isBlankText(indent)) {
                parent.insertBefore(parent.getOwnerDocument().createTextNode(indent.getTextContent()), closing);
            }
            parent.insertBefore(child, closing);
            return "(none)";
        }
        String old = children.get(0).getTextContent().trim();
        children.get(0).setTextContent(value);
        return old;
    }

    private static boolean isBlankText(Node node) {
        return node != null && node.getNodeType() == Node.TEXT_NODE && node.getTextContent().isBlank();
    }

    private static Optional<String> text(Element parent, String name) {
        return elements(parent, name).stream().findFirst().map(e -> e.getTextContent().trim());
    }

    /** Direct children with that tag name (James's parameter names are case sensitive). */
    private static List<Element> elements(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
                result.add((Element) node);
            }
        }
        return result;
    }

    private static List<Element> descendants(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add((Element) nodes.item(i));
        }
        return result;
    }

    private static void report(String file, String where, String what, String from, String to) {
        if (!from.equals(to)) {
            System.out.println("demo config: " + file + " " + where + ": " + what + " " + from + " -> " + to);
        }
    }

    private static Document parse(File file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file);
        } catch (Exception e) {
            fail("cannot read " + file + ": " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    private static void write(Document doc, File file) throws Exception {
        javax.xml.transform.Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(doc), new StreamResult(file));
    }

    private static void fail(String message) {
        System.err.println("demo config: " + message);
        System.exit(2);
    }
}

package io.github.backscatterguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * James 3.8.1's own configuration, the baseline of the end-to-end benchmark: {@code mailetcontainer.xml}
 * and {@code smtpserver.xml} of the memory app's distribution ({@code james-server-memory-app-3.8.1.zip},
 * folder {@code conf/}), read from that archive as James ships it. Only what both sides of the
 * comparison need is changed, the same as {@link TestEdits} does to {@code conf-samples/complete}:
 * <ul>
 *   <li>smtpserver.xml: only the port-25 listener, on 127.0.0.1 and a free port (the complete sample
 *       leaves out the TLS listeners on 465 and 587 too; they need a keystore);</li>
 *   <li>authorizedAddresses 127.0.0.1/32, the complete sample's value, instead of 127.0.0.0/8, so the
 *       same clients relay on both sides;</li>
 *   <li>RemoteDelivery delivers to the benchmark's SMTP sink instead of each domain's MX.</li>
 * </ul>
 */
final class StockConfiguration {
    private static final String CONF_IN_ZIP = "james-server-memory-app/conf/";
    private static final String PORT_25_LISTENER = "smtpserver-global";
    /** James's one RemoteDelivery, in the relay processor. */
    private static final String REMOTE_DELIVERY = "//processor[@state='relay']/mailet[@class='RemoteDelivery']";

    private final Path zip;

    StockConfiguration(Path zip) {
        this.zip = zip;
    }

    /** The memory app's distribution in the local Maven repository, unless the system property names it. */
    static StockConfiguration fromSystemProperty() {
        String property = System.getProperty("backscatterguard.stockJamesZip");
        Path zip = property != null ? Paths.get(property)
            : Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "james",
                "james-server-memory-app", "3.8.1", "james-server-memory-app-3.8.1.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("James 3.8.1's memory app distribution not found at " + zip
                + " (mvn dependency:copy -Dartifact=org.apache.james:james-server-memory-app:3.8.1:zip, then"
                + " -Dbackscatterguard.stockJamesZip=PATH)");
        }
        return new StockConfiguration(zip);
    }

    /** Writes the two edited files into {@code conf}; {@code scratch} receives the files as shipped. */
    void writeTo(Path conf, Path scratch, SmtpSink internet) throws Exception {
        extract("mailetcontainer.xml", scratch);
        extract("smtpserver.xml", scratch);
        keepOnlyPort25Listener(scratch.resolve("smtpserver.xml"));
        // SampleFile resolves an absolute folder as it is.
        String folder = scratch.toAbsolutePath().toString();
        TestEdits.smtpOnLoopback(SampleFile.load(folder, "smtpserver.xml"))
            .setText("/smtpservers/smtpserver/authorizedAddresses", "127.0.0.1/32")
            .writeTo(conf);
        SampleFile.load(folder, "mailetcontainer.xml")
            .addChild(REMOTE_DELIVERY, "gateway", "127.0.0.1")
            .addChild(REMOTE_DELIVERY, "gatewayPort", String.valueOf(internet.port()))
            .writeTo(conf);
    }

    private void extract(String file, Path folder) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            ZipEntry entry = archive.getEntry(CONF_IN_ZIP + file);
            if (entry == null) {
                throw new IllegalStateException(zip + " has no " + CONF_IN_ZIP + file);
            }
            Files.createDirectories(folder);
            try (InputStream in = archive.getInputStream(entry)) {
                Files.copy(in, folder.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void keepOnlyPort25Listener(Path smtpServer) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document;
        try (InputStream in = Files.newInputStream(smtpServer)) {
            document = factory.newDocumentBuilder().parse(in);
        }
        NodeList servers = document.getElementsByTagName("smtpserver");
        int kept = 0;
        for (int i = servers.getLength() - 1; i >= 0; i--) {
            Element server = (Element) servers.item(i);
            String jmxName = server.getElementsByTagName("jmxName").item(0).getTextContent().trim();
            if (PORT_25_LISTENER.equals(jmxName)) {
                kept++;
            } else {
                server.getParentNode().removeChild(server);
            }
        }
        if (kept != 1) {
            throw new IllegalStateException(smtpServer + ": expected one listener named " + PORT_25_LISTENER + ", found " + kept);
        }
        javax.xml.transform.Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        try (OutputStream out = Files.newOutputStream(smtpServer)) {
            transformer.transform(new DOMSource(document), new StreamResult(out));
        }
    }
}

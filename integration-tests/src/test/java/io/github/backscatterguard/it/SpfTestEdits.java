package io.github.backscatterguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The test-only changes {@link SpfGatedBounceIntegrationTest} makes to a sample's
 * mailetcontainer.xml, beside those of {@link TestEdits}: where the SPF gate asks, where
 * RemoteDelivery delivers, and one way into the {@code error} processor.
 */
final class SpfTestEdits {
    /** The processors the samples gate: James's bounce paths. */
    static final List<String> BOUNCE_PATHS = List.of("error", "local-address-error", "relay-denied", "bounces");

    private SpfTestEdits() {
    }

    /** The SpfResultIs matcher of one bounce path (inside the processor's composite matcher). */
    static String spfMatcher(String processor) {
        return "//processor[@state='" + processor + "']/matcher[@name='spf-forged-sender']"
            + "/matcher[starts-with(@match, 'io.github.backscatterguard.james.matchers.SpfResultIs=')]";
    }

    /** Every SPF gate asks the test's dnsmasq instead of the system resolvers. */
    static SampleFile spfAsks(SampleFile mailetContainer, String dnsServers) {
        for (String processor : BOUNCE_PATHS) {
            mailetContainer.setConditionValue(spfMatcher(processor), "dnsServers", dnsServers);
        }
        return mailetContainer;
    }

    /** Every RemoteDelivery delivers to this loopback port ("the Internet") instead of each domain's MX. */
    static SampleFile deliverTo(SampleFile mailetContainer, int port) {
        return mailetContainer
            .addChild(TestEdits.ANY_REMOTE_DELIVERY, "gateway", "127.0.0.1")
            .addChild(TestEdits.ANY_REMOTE_DELIVERY, "gatewayPort", String.valueOf(port));
    }

    /**
     * Test only: mail for {@code recipient} is moved to the {@code error} processor as soon as it
     * enters {@code transport}, as James moves a mail whose mailet threw (ProcessorUtil sets the
     * state of that same mail, SMTP attributes and all, to {@code error}). The samples' handlers
     * give no way to make a mailet throw on purpose. Edits the file already written in {@code conf/}.
     */
    static void sendToErrorProcessor(Path mailetContainerXml, String recipient) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(mailetContainerXml.toFile());
        Element transport = (Element) XPathFactory.newInstance().newXPath()
            .evaluate("//processor[@state='transport']", document, XPathConstants.NODE);
        if (transport == null) {
            throw new IllegalStateException(mailetContainerXml + ": no transport processor");
        }
        Element mailet = document.createElement("mailet");
        mailet.setAttribute("match", "RecipientIs=" + recipient);
        mailet.setAttribute("class", "ToProcessor");
        Element processor = document.createElement("processor");
        processor.setTextContent("error");
        mailet.appendChild(processor);
        Element firstMailet = (Element) XPathFactory.newInstance().newXPath().evaluate("mailet[1]", transport, XPathConstants.NODE);
        transport.insertBefore(mailet, firstMailet);
        javax.xml.transform.Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        try (var out = Files.newOutputStream(mailetContainerXml)) {
            transformer.transform(new DOMSource(document), new StreamResult(out));
        }
    }
}

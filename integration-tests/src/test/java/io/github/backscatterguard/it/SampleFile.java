package io.github.backscatterguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One file of a {@code conf-samples/} folder, read as it is and changed only where a test must
 * differ from production (the SMTP port, the "Internet" gateway, source addresses, the DNSBL
 * server), then written into James's {@code conf/}.
 *
 * <p>Every change names its target with an XPath that must match: a sample that loses the element
 * a test relies on fails with a message naming the file and the path, never silently. Comments and
 * everything not named stay as the administrator would copy them.
 */
final class SampleFile {

    /** Where the samples live; the module's pom passes it, the default suits a run from the module folder. */
    static final Path SAMPLES = Paths.get(System.getProperty("backscatterguard.confSamples", "../conf-samples"));

    private final String name;
    private final Document document;

    private SampleFile(String name, Document document) {
        this.name = name;
        this.document = document;
    }

    /** Reads {@code conf-samples/<sample>/<file>}. */
    static SampleFile load(String sample, String file) {
        Path path = SAMPLES.resolve(sample).resolve(file);
        try (InputStream in = Files.newInputStream(path)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new SampleFile(sample + "/" + file, factory.newDocumentBuilder().parse(in));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sample " + path.toAbsolutePath(), e);
        }
    }

    /** Replaces the text of the one element at {@code xpath}. */
    SampleFile setText(String xpath, String value) {
        one(xpath).setTextContent(value);
        return this;
    }

    /**
     * Adds {@code <child>value</child>} to every element at {@code xpath} (at least one); the
     * child must not exist yet, so the test never hides a value the sample sets.
     */
    SampleFile addChild(String xpath, String child, String value) {
        List<Element> parents = all(xpath);
        for (Element parent : parents) {
            if (parent.getElementsByTagName(child).getLength() > 0) {
                throw new IllegalStateException(name + ": " + xpath + " already has <" + child + ">; use setText");
            }
            Element added = document.createElement(child);
            added.setTextContent(value);
            parent.appendChild(added);
        }
        return this;
    }

    /**
     * Sets {@code key=value} in the matcher condition of the one mailet at {@code xpath}
     * ({@code match="Matcher=k1=v1; k2=v2"}): replaces the key's value or appends the pair.
     */
    SampleFile setConditionValue(String xpath, String key, String value) {
        Element mailet = one(xpath);
        String match = mailet.getAttribute("match");
        int equals = match.indexOf('=');
        String matcher = equals < 0 ? match : match.substring(0, equals);
        List<String> pairs = new ArrayList<>();
        boolean replaced = false;
        if (equals >= 0) {
            for (String pair : match.substring(equals + 1).split(";")) {
                String trimmed = pair.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.toLowerCase(Locale.ROOT).startsWith(key.toLowerCase(Locale.ROOT) + "=")) {
                    pairs.add(key + "=" + value);
                    replaced = true;
                } else {
                    pairs.add(trimmed);
                }
            }
        }
        if (!replaced) {
            pairs.add(key + "=" + value);
        }
        mailet.setAttribute("match", matcher + "=" + String.join("; ", pairs));
        return this;
    }

    /** The text of the one element at {@code xpath}, as the sample has it. */
    String text(String xpath) {
        return one(xpath).getTextContent().trim();
    }

    void writeTo(Path confDirectory) throws IOException {
        Path target = confDirectory.resolve(Paths.get(name).getFileName());
        try {
            javax.xml.transform.Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            Files.createDirectories(confDirectory);
            try (var out = Files.newOutputStream(target)) {
                transformer.transform(new DOMSource(document), new StreamResult(out));
            }
        } catch (javax.xml.transform.TransformerException e) {
            throw new IOException("cannot write " + target, e);
        }
    }

    private Element one(String xpath) {
        List<Element> found = all(xpath);
        if (found.size() != 1) {
            throw new IllegalStateException(name + ": expected exactly one element at " + xpath + ", found " + found.size());
        }
        return found.get(0);
    }

    private List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            if (elements.isEmpty()) {
                throw new IllegalStateException(name + ": nothing at " + xpath);
            }
            return elements;
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + xpath, e);
        }
    }
}

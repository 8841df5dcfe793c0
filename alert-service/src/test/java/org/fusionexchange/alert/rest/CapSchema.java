package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Checks a document against CAP 1.2: the specification's schema (src/test/resources/cap/CAP-v1.2.xsd: the required
 * elements, their order, occurrences and values) with javax.xml.validation, and the rules of its data dictionary
 * that a schema does not express (section 3.2.1: identifier and sender without spaces, commas or restricted
 * characters; references as space-separated sender,identifier,sent triples).
 */
final class CapSchema {

    static final String NS = "urn:oasis:names:tc:emergency:cap:1.2";
    private static final Schema SCHEMA = schema();
    private static final Pattern NO_RESTRICTED = Pattern.compile("[^\\s,<&]+");
    private static final Pattern SENT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");

    private CapSchema() {
    }

    /** Validates the document and answers it parsed; fails the test with the validator's message otherwise. */
    static Document valid(String xml) {
        try {
            SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new AssertionError("not CAP 1.2: " + e.getMessage() + "\n" + xml, e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Document document = parse(xml);
        Element alert = document.getDocumentElement();
        assertEquals(NS, alert.getNamespaceURI());
        assertEquals("alert", alert.getLocalName());
        for (String name : List.of("identifier", "sender")) {
            String value = text(document, name);
            assertTrue(NO_RESTRICTED.matcher(value).matches(), name + " has a space, comma, < or &: " + value);
        }
        String references = text(document, "references");
        if (references != null) {
            for (String triple : references.split(" ")) {
                String[] parts = triple.split(",", -1);
                assertEquals(3, parts.length, "a reference is sender,identifier,sent: " + triple);
                assertTrue(SENT.matcher(parts[2]).matches(), "a reference's sent is a CAP date-time: " + triple);
            }
        }
        return document;
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not well-formed XML: " + xml, e);
        }
    }

    /** The text of the first element at a path of CAP local names under alert ("info/area/areaDesc"), or null. */
    static String text(Document document, String path) {
        List<String> all = texts(document, path);
        return all.isEmpty() ? null : all.get(0);
    }

    static List<String> texts(Document document, String path) {
        StringBuilder xpath = new StringBuilder("/*[local-name()='alert']");
        for (String step : path.split("/")) {
            xpath.append("/*[local-name()='").append(step).append("' and namespace-uri()='").append(NS).append("']");
        }
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath.toString(), document,
                    XPathConstants.NODESET);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent());
            }
            return texts;
        } catch (XPathExpressionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local names of the alert's children, in document order. */
    static List<String> children(Document document) {
        List<String> names = new ArrayList<>();
        for (Node n = document.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                names.add(n.getLocalName());
            }
        }
        return names;
    }

    private static Schema schema() {
        URL xsd = CapSchema.class.getResource("/cap/CAP-v1.2.xsd");
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("the CAP 1.2 schema does not load", e);
        }
    }
}

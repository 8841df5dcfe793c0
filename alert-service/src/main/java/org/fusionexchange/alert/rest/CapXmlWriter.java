package org.fusionexchange.alert.rest;

import java.io.StringWriter;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link CapAlert} as CAP 1.2 XML with the JDK's StAX writer, which escapes markup in text. The document
 * is one line: line breaks inside a text (a headline) are written as the character references {@code &#10;} and
 * {@code &#13;}, so the XML goes into one SSE {@code data:} line and parses back to the same text. Characters that
 * XML 1.0 cannot carry at all (control characters) are replaced by U+FFFD.
 */
public final class CapXmlWriter {

    /** The JDK's own implementation, whatever StAX provider the classpath brings. */
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

    private CapXmlWriter() {
    }

    public static String write(CapAlert alert) {
        StringWriter out = new StringWriter(1024);
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(CapAlert.NAMESPACE);
            xml.writeStartElement(CapAlert.NAMESPACE, "alert");
            xml.writeDefaultNamespace(CapAlert.NAMESPACE);
            element(xml, "identifier", alert.identifier());
            element(xml, "sender", alert.sender());
            element(xml, "sent", alert.sent());
            element(xml, "status", alert.status());
            element(xml, "msgType", alert.msgType());
            element(xml, "scope", alert.scope());
            element(xml, "restriction", alert.restriction());
            element(xml, "note", alert.note());
            element(xml, "references", joined(alert.references()));
            element(xml, "incidents", joined(alert.incidents()));
            for (CapAlert.Info info : alert.info()) {
                info(xml, info);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Alert " + alert.identifier() + " cannot be written as CAP", e);
        }
        return out.toString();
    }

    private static void info(XMLStreamWriter xml, CapAlert.Info info) throws XMLStreamException {
        xml.writeStartElement(CapAlert.NAMESPACE, "info");
        element(xml, "category", info.category());
        element(xml, "event", info.event());
        element(xml, "urgency", info.urgency());
        element(xml, "severity", info.severity());
        element(xml, "certainty", info.certainty());
        pairs(xml, "eventCode", info.eventCodes());
        element(xml, "headline", info.headline());
        element(xml, "description", info.description());
        pairs(xml, "parameter", info.parameters());
        for (CapAlert.Area area : info.areas()) {
            xml.writeStartElement(CapAlert.NAMESPACE, "area");
            element(xml, "areaDesc", area.areaDesc());
            for (String circle : area.circles()) {
                element(xml, "circle", circle);
            }
            pairs(xml, "geocode", area.geocodes());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void pairs(XMLStreamWriter xml, String name, List<CapAlert.Pair> pairs) throws XMLStreamException {
        for (CapAlert.Pair pair : pairs) {
            xml.writeStartElement(CapAlert.NAMESPACE, name);
            element(xml, "valueName", pair.valueName());
            element(xml, "value", pair.value());
            xml.writeEndElement();
        }
    }

    /** An element with its text; none when the value is absent. */
    private static void element(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeStartElement(CapAlert.NAMESPACE, name);
        text(xml, value);
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
        StringBuilder run = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                xml.writeCharacters(run.toString());
                run.setLength(0);
                xml.writeEntityRef(c == '\n' ? "#10" : "#13");
            } else if (c == '\t' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) {
                run.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                run.append(c).append(value.charAt(++i));
            } else {
                run.append('\uFFFD');
            }
        }
        xml.writeCharacters(run.toString());
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(" ", values);
    }
}

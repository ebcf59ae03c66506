package cn.jinhua.risk.api.cap;

import cn.jinhua.risk.api.alert.Alert;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom feed (RFC 4287) whose entries each carry one CAP 1.2 alert as
 * {@code application/cap+xml} content: the form public warning systems poll. Thread-safe.
 */
public final class CapAtomFeedWriter {
    public static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    private final CapAlertWriter cap;
    private final XMLOutputFactory xml = XMLOutputFactory.newFactory();

    public CapAtomFeedWriter(CapAlertWriter cap) {
        this.cap = cap;
    }

    /**
     * @param feedId stable feed URI
     * @param selfUrl where the feed is served
     * @param updated when the feed last changed (the newest alert, or now when empty)
     * @param alerts newest first
     */
    public String write(String feedId, String title, String selfUrl, Instant updated, List<Alert> alerts) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = xml.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(ATOM_NS);
            w.writeStartElement(ATOM_NS, "feed");
            w.writeDefaultNamespace(ATOM_NS);
            text(w, "id", feedId);
            text(w, "title", title);
            text(w, "updated", CapAlertWriter.capTime(updated));
            w.writeStartElement(ATOM_NS, "author");
            text(w, "name", "risk");
            w.writeEndElement();
            w.writeEmptyElement(ATOM_NS, "link");
            w.writeAttribute("rel", "self");
            w.writeAttribute("href", selfUrl);
            for (Alert a : alerts) {
                w.writeStartElement(ATOM_NS, "entry");
                text(w, "id", "urn:cap:" + a.id());
                text(w, "title", (a.titleZh() == null ? a.title() : a.titleZh()) + " / " + a.title());
                text(w, "updated", CapAlertWriter.capTime(a.detectedAt()));
                w.writeStartElement(ATOM_NS, "content");
                w.writeAttribute("type", "application/cap+xml");
                cap.write(w, a);
                w.setDefaultNamespace(ATOM_NS);
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the CAP Atom feed", e);
        }
        return out.toString();
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(ATOM_NS, name);
        w.writeCharacters(value);
        w.writeEndElement();
    }
}

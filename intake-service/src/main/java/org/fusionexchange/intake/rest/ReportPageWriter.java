package org.fusionexchange.intake.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.fusionexchange.intake.domain.IsoInstant;
import org.fusionexchange.intake.service.CaseReportService.ReportSummary;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a page of reports ({@code Page<ReportSummary>}) with Jackson's streaming generator into one array of
 * bytes, ended in one call, each member written by name; the instants by {@link IsoInstant}.
 * <p>
 * The same page through Jackson's data binding went through its bean serialisers, the JDK's instant formatter and
 * the response's output stream: about 40% of intake-service's CPU for a page of 50 (a profile of the benchmark's
 * list stage, deploy/bench/README.md). The bytes are the same: the members and their order are the records'
 * ({@link Page}: {@code items}, {@code page}, {@code size}, {@code total}, {@code next}, the absent ones left out;
 * {@link ReportSummary}: its seven components, in order), and text is escaped by the application's own JSON factory.
 * {@code ReportPageWriterTest} holds the two byte for byte equal, and its test of the record's components fails
 * when a component is added that this writer does not know.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class ReportPageWriter implements ServerMessageBodyWriter<Page<ReportSummary>> {

    private final JsonFactory factory;

    public ReportPageWriter(ObjectMapper json) {
        this.factory = json.getFactory();
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return isPageOfReports(type, genericType);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isPageOfReports(type, genericType);
    }

    /** Only {@code Page<ReportSummary>}: anything else goes to Jackson's data binding. */
    static boolean isPageOfReports(Class<?> type, Type genericType) {
        return type == Page.class && genericType instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length == 1
                && parameterized.getActualTypeArguments()[0] == ReportSummary.class;
    }

    @Override
    public void writeResponse(Page<ReportSummary> page, Type genericType, ServerRequestContext context)
            throws IOException {
        context.serverResponse().end(bytes(page));
    }

    @Override
    public void writeTo(Page<ReportSummary> page, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        entityStream.write(bytes(page));
    }

    /** The page as JSON, in UTF-8. */
    byte[] bytes(Page<ReportSummary> page) throws IOException {
        // about 230 bytes a report
        try (ByteArrayBuilder out = new ByteArrayBuilder(256 + 256 * page.items().size());
                JsonGenerator json = factory.createGenerator(out)) {
            char[] instant = new char[IsoInstant.MAX_LENGTH];
            json.writeStartObject();
            json.writeArrayFieldStart("items");
            for (ReportSummary report : page.items()) {
                json.writeStartObject();
                json.writeFieldName("id");
                json.writeString(report.id() == null ? null : report.id().toString());
                json.writeStringField("externalRef", report.externalRef());
                json.writeStringField("type", report.type());
                json.writeNumberField("version", report.version());
                json.writeStringField("status", report.status());
                instant(json, "receivedAt", report.receivedAt(), instant);
                instant(json, "updatedAt", report.updatedAt(), instant);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (page.page() != null) {
                json.writeNumberField("page", page.page().intValue());
            }
            json.writeNumberField("size", page.size());
            if (page.total() != null) {
                json.writeNumberField("total", page.total().longValue());
            }
            if (page.next() != null) {
                json.writeStringField("next", page.next());
            }
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        }
    }

    private static void instant(JsonGenerator json, String name, Instant value, char[] text) throws IOException {
        json.writeFieldName(name);
        int length = value == null ? 0 : IsoInstant.format(value, text);
        if (value == null) {
            json.writeNull();
        } else if (length < 0) {
            json.writeString(value.toString());
        } else {
            json.writeString(text, 0, length);
        }
    }
}

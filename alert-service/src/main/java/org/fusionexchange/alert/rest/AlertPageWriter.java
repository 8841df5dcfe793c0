package org.fusionexchange.alert.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Writes a page of alerts ({@code Page<ListedAlert>}) as one array of bytes, ended in one call: each alert is
 * already its JSON text ({@link ListedAlert}), so the page is those texts between the page's own few members.
 * <p>
 * Jackson wrote the same bytes, but through its generator and the response's output stream: each alert's text was
 * copied character by character into the generator's buffer and from there, in chunks, into pooled network
 * buffers. That was a sixth of alert-service's CPU for a page of 50 (a profile of the benchmark's list stage,
 * deploy/bench/README.md). The members and their order are Jackson's for {@link Page}: {@code items}, then
 * {@code page}, {@code size}, {@code total} and {@code next}, the absent ones left out ({@code AlertPageWriterTest}
 * holds the two byte for byte equal).
 * <p>
 * Every other page (subscriptions, candidate values) is Jackson's, as before.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class AlertPageWriter implements ServerMessageBodyWriter<Page<ListedAlert>> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return isPageOfAlerts(type, genericType);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isPageOfAlerts(type, genericType);
    }

    /** Only {@code Page<ListedAlert>}: a raw or other page goes to Jackson. */
    static boolean isPageOfAlerts(Class<?> type, Type genericType) {
        return type == Page.class && genericType instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length == 1
                && parameterized.getActualTypeArguments()[0] == ListedAlert.class;
    }

    @Override
    public void writeResponse(Page<ListedAlert> page, Type genericType, ServerRequestContext context)
            throws IOException {
        context.serverResponse().end(bytes(page));
    }

    @Override
    public void writeTo(Page<ListedAlert> page, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        entityStream.write(bytes(page));
    }

    /** The page as JSON, in UTF-8. */
    static byte[] bytes(Page<ListedAlert> page) {
        int length = 64;
        for (ListedAlert alert : page.items()) {
            length += alert.listed().json().length() + 1;
        }
        StringBuilder json = new StringBuilder(length).append("{\"items\":[");
        String separator = "";
        for (ListedAlert alert : page.items()) {
            json.append(separator).append(alert.listed().json());
            separator = ",";
        }
        json.append(']');
        if (page.page() != null) {
            json.append(",\"page\":").append(page.page().intValue());
        }
        json.append(",\"size\":").append(page.size());
        if (page.total() != null) {
            json.append(",\"total\":").append(page.total().longValue());
        }
        if (page.next() != null) {
            // a cursor is [A-Za-z0-9_-]; quoted as JSON all the same
            json.append(",\"next\":\"").append(JsonStringEncoder.getInstance().quoteAsString(page.next())).append('"');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}

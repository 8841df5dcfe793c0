package org.fusionexchange.stack.test.openapi;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Requests generated from a service's own OpenAPI document (issue 18): per operation, one request made of the
 * document's valid values, and one request past each limit the document declares (a string one character longer than
 * its {@code maxLength}, a number past its {@code minimum} or {@code maximum}, a value outside its {@code enum}, an
 * array one item past its {@code maxItems}), everything else valid. A service's test sends each with a token that
 * may call the operation and checks the answer with {@link GeneratedRequest#assertAnswered}.
 *
 * <p>Valid values come from the document: a schema's {@code example} (or first of {@code examples}), its
 * {@code default}, its first {@code enum} value, or for plain strings, numbers and booleans a value inside the
 * declared bounds. A string with a {@code pattern} and none of those cannot be made up: the generator fails and
 * names it, so that the document gains an example. Request bodies hold the required properties and those with an
 * example.
 */
public final class GeneratedRequests {

    /** How deep into a request body the limits are looked for. */
    private static final int MAX_DEPTH = 4;

    private final JsonNode document;
    private final List<GeneratedRequest> requests = new ArrayList<>();

    private GeneratedRequests(JsonNode document) {
        this.document = document;
    }

    /** The requests for every operation of the document the service at {@code origin} serves. */
    public static List<GeneratedRequest> fromServed(URI origin) {
        return from(OpenApiDocuments.served(origin));
    }

    public static List<GeneratedRequest> from(JsonNode document) {
        GeneratedRequests generator = new GeneratedRequests(document);
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase(Locale.ROOT);
            if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                generator.operation(path.getKey(), method, path.getValue(), op.getValue());
            }
        }));
        return List.copyOf(generator.requests);
    }

    private void operation(String path, String method, JsonNode pathItem, JsonNode operation) {
        String id = operation.path("operationId").asText(method + " " + path);
        Set<Integer> documented = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(status -> {
            if (status.matches("\\d{3}")) {
                documented.add(Integer.parseInt(status));
            }
        });
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> parameters.add(resolve(p)));
        operation.path("parameters").forEach(p -> parameters.add(resolve(p)));

        Map<String, Map<String, JsonNode>> valid = new LinkedHashMap<>();
        for (String in : List.of("path", "query", "header")) {
            valid.put(in, new LinkedHashMap<>());
        }
        for (JsonNode parameter : parameters) {
            String in = parameter.path("in").asText();
            if (!valid.containsKey(in)) {
                continue;
            }
            if (parameter.path("required").asBoolean(false) || in.equals("path") || hasExample(parameter)) {
                JsonNode example = parameterExample(parameter);
                valid.get(in).put(parameter.path("name").asText(), example != null ? example
                        : validValue(schema(parameter), id + " parameter " + parameter.path("name").asText()));
            }
        }
        JsonNode content = resolve(operation.path("requestBody")).path("content");
        Map.Entry<String, JsonNode> media = content.size() > 0 ? preferredMedia(content) : null;
        String contentType = media == null ? null : media.getKey();
        JsonNode bodySchema = media == null ? null : resolve(media.getValue().path("schema"));
        JsonNode body = media == null ? null : mediaExample(media.getValue());
        if (media != null && body == null) {
            body = validValue(bodySchema, id + " request body");
        }
        JsonNode validBody = body;
        GeneratedRequest.Builder base = new GeneratedRequest.Builder(id, method, path, documented, contentType);
        requests.add(base.build(GeneratedRequest.Kind.VALID, "valid values from the document", valid, body));

        for (JsonNode parameter : parameters) {
            String in = parameter.path("in").asText();
            if (!valid.containsKey(in)) {
                continue;
            }
            String name = parameter.path("name").asText();
            JsonNode current = valid.get(in).get(name);
            JsonNode schema = schema(parameter);
            bodyLimits(schema, current != null ? current : validValue(schema, id + " " + name),
                    in + " parameter " + name, 0, UnaryOperator.identity(), (what, changed) -> {
                        Map<String, Map<String, JsonNode>> values = copy(valid);
                        values.get(in).put(name, changed);
                        requests.add(base.build(GeneratedRequest.Kind.PAST_LIMIT, what, values, validBody));
                    });
        }
        if (body != null && bodySchema != null) {
            bodyLimits(bodySchema, body, "body", 0, UnaryOperator.identity(), (what, changed) -> requests.add(
                    base.build(GeneratedRequest.Kind.PAST_LIMIT, what, valid, changed)));
        }
    }

    /**
     * Visits each limit of a schema and of its properties and items, giving the whole value (a body or a parameter)
     * with only that one part past its limit.
     */
    private void bodyLimits(JsonNode schema, JsonNode value, String where, int depth,
            UnaryOperator<JsonNode> replaceInBody, java.util.function.BiConsumer<String, JsonNode> found) {
        if (depth > MAX_DEPTH || value == null) {
            return;
        }
        for (PastLimit past : pastLimits(schema, value)) {
            found.accept(where + ": " + past.what(), replaceInBody.apply(past.value()));
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            properties.fieldNames().forEachRemaining(name -> {
                JsonNode propertySchema = resolve(properties.path(name));
                // an optional property the valid body leaves out is tested too, with a valid value of its own
                JsonNode property = value.has(name) ? value.get(name)
                        : validValue(propertySchema, where + "." + name);
                bodyLimits(propertySchema, property, where + "." + name, depth + 1, replaced -> {
                    ObjectNode copy = ((ObjectNode) value).deepCopy();
                    copy.set(name, replaced);
                    return replaceInBody.apply(copy);
                }, found);
            });
        } else if (value.isArray() && value.size() > 0) {
            JsonNode itemSchema = resolve(schema.path("items"));
            bodyLimits(itemSchema, value.get(0), where + "[0]", depth + 1, replaced -> {
                ArrayNode copy = ((ArrayNode) value).deepCopy();
                copy.set(0, replaced);
                return replaceInBody.apply(copy);
            }, found);
        }
    }

    /** A value one step past a declared limit, and which limit. */
    record PastLimit(String what, JsonNode value) {
    }

    private static List<PastLimit> pastLimits(JsonNode schema, JsonNode valid) {
        List<PastLimit> past = new ArrayList<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (schema.has("maxLength")) {
            int max = schema.path("maxLength").asInt();
            String seed = valid != null && valid.isTextual() && !valid.asText().isEmpty() ? valid.asText() : "x";
            StringBuilder longer = new StringBuilder(seed);
            while (longer.length() <= max) {
                longer.append(seed.charAt(longer.length() % seed.length()));
            }
            past.add(new PastLimit("maxLength " + max + " + 1", f.textNode(longer.substring(0, max + 1))));
        }
        if (schema.has("enum") && isType(schema, "string")) {
            past.add(new PastLimit("a value outside the enum", f.textNode("NOT_IN_THE_ENUM")));
        }
        if (schema.has("maximum")) {
            BigDecimal max = schema.path("maximum").decimalValue();
            past.add(new PastLimit("maximum " + max.toPlainString() + " + 1", number(schema, max.add(BigDecimal.ONE))));
        }
        if (schema.has("exclusiveMaximum") && schema.path("exclusiveMaximum").isNumber()) {
            BigDecimal max = schema.path("exclusiveMaximum").decimalValue();
            past.add(new PastLimit("exclusiveMaximum " + max.toPlainString(), number(schema, max)));
        }
        if (schema.has("minimum")) {
            BigDecimal min = schema.path("minimum").decimalValue();
            past.add(new PastLimit("minimum " + min.toPlainString() + " - 1", number(schema,
                    min.subtract(BigDecimal.ONE))));
        }
        if (schema.has("maxItems") && valid != null && valid.isArray() && valid.size() > 0) {
            int max = schema.path("maxItems").asInt();
            ArrayNode longer = f.arrayNode();
            for (int i = 0; i <= max; i++) {
                longer.add(valid.get(i % valid.size()).deepCopy());
            }
            past.add(new PastLimit("maxItems " + max + " + 1", longer));
        }
        return past;
    }

    private static JsonNode number(JsonNode schema, BigDecimal value) {
        return isType(schema, "integer") ? JsonNodeFactory.instance.numberNode(value.toBigInteger().longValueExact())
                : JsonNodeFactory.instance.numberNode(value);
    }

    /** A value the schema accepts, from the document where it says one. */
    private JsonNode validValue(JsonNode schema, String where) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode example = schemaExample(schema);
        if (example != null) {
            return example;
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(0);
        }
        if (isType(schema, "object") || schema.has("properties")) {
            ObjectNode object = f.objectNode();
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            schema.path("properties").fields().forEachRemaining(p -> {
                JsonNode property = resolve(p.getValue());
                if (required.contains(p.getKey()) || schemaExample(property) != null) {
                    object.set(p.getKey(), validValue(property, where + "." + p.getKey()));
                }
            });
            return object;
        }
        if (isType(schema, "array")) {
            ArrayNode array = f.arrayNode();
            int items = Math.max(1, schema.path("minItems").asInt(1));
            for (int i = 0; i < items; i++) {
                array.add(validValue(resolve(schema.path("items")), where + "[]"));
            }
            return array;
        }
        if (isType(schema, "integer") || isType(schema, "number")) {
            BigDecimal value = schema.has("minimum") ? schema.path("minimum").decimalValue()
                    : schema.has("maximum") ? schema.path("maximum").decimalValue().min(BigDecimal.ONE)
                    : BigDecimal.ONE;
            return number(schema, value);
        }
        if (isType(schema, "boolean")) {
            return f.booleanNode(true);
        }
        String format = schema.path("format").asText("");
        String text = switch (format) {
            case "date-time" -> "2026-12-01T12:00:00Z";
            case "date" -> "2026-12-01";
            case "uuid" -> "0b7e6c1a-3c1d-4f7e-9a55-2d0c1f7f8a10";
            case "email" -> "analyst@example.org";
            case "uri" -> "https://example.org/";
            default -> null;
        };
        if (text != null) {
            return f.textNode(text);
        }
        if (schema.has("pattern")) {
            throw new AssertionError(where + " has the pattern " + schema.path("pattern").asText() + " but no example: "
                    + "declare one in the OpenAPI document, so that integrators (and this test) know a valid value");
        }
        return f.textNode("x".repeat(Math.max(1, schema.path("minLength").asInt(1))));
    }

    private JsonNode schema(JsonNode parameter) {
        return resolve(parameter.path("schema"));
    }

    private static boolean hasExample(JsonNode parameter) {
        return parameter.has("example") || parameter.path("examples").size() > 0;
    }

    private JsonNode parameterExample(JsonNode parameter) {
        if (parameter.has("example")) {
            return parameter.get("example");
        }
        Iterator<JsonNode> examples = parameter.path("examples").elements();
        return examples.hasNext() ? resolve(examples.next()).get("value") : schemaExample(schema(parameter));
    }

    private JsonNode mediaExample(JsonNode media) {
        if (media.has("example")) {
            return media.get("example");
        }
        Iterator<JsonNode> examples = media.path("examples").elements();
        return examples.hasNext() ? resolve(examples.next()).get("value") : null;
    }

    private static JsonNode schemaExample(JsonNode schema) {
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.path("examples").isArray() && schema.path("examples").size() > 0) {
            return schema.path("examples").get(0);
        }
        if (schema.has("default")) {
            return schema.get("default");
        }
        return null;
    }

    private static Map.Entry<String, JsonNode> preferredMedia(JsonNode content) {
        Iterator<Map.Entry<String, JsonNode>> media = content.fields();
        Map.Entry<String, JsonNode> first = media.next();
        if (first.getKey().contains("json")) {
            return first;
        }
        while (media.hasNext()) {
            Map.Entry<String, JsonNode> next = media.next();
            if (next.getKey().contains("json")) {
                return next;
            }
        }
        return first;
    }

    private static boolean isType(JsonNode schema, String type) {
        JsonNode declared = schema.path("type");
        if (declared.isArray()) {
            for (JsonNode t : declared) {
                if (t.asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return declared.asText().equals(type);
    }

    /**
     * The node with {@code $ref}s to components followed and {@code allOf} merged (keywords next to a {@code $ref}
     * win); of {@code anyOf} and {@code oneOf}, the first branch that is not {@code null}.
     */
    private JsonNode resolve(JsonNode node) {
        if (node == null || !node.isObject()) {
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (node.has("$ref")) {
            String ref = node.path("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("Only local references are supported: " + ref);
            }
            result.setAll((ObjectNode) resolve(document.at(ref.substring(1))));
        }
        for (String combined : List.of("allOf")) {
            node.path(combined).forEach(part -> result.setAll((ObjectNode) resolve(part)));
        }
        for (String choice : List.of("anyOf", "oneOf")) {
            for (JsonNode part : node.path(choice)) {
                JsonNode branch = resolve(part);
                if (!branch.path("type").asText().equals("null")) {
                    result.setAll((ObjectNode) branch);
                    break;
                }
            }
        }
        node.fields().forEachRemaining(field -> {
            if (!Set.of("$ref", "allOf", "anyOf", "oneOf").contains(field.getKey())) {
                result.set(field.getKey(), field.getValue());
            }
        });
        return result;
    }

    private static Map<String, Map<String, JsonNode>> copy(Map<String, Map<String, JsonNode>> values) {
        Map<String, Map<String, JsonNode>> copy = new LinkedHashMap<>();
        values.forEach((in, byName) -> copy.put(in, new LinkedHashMap<>(byName)));
        return copy;
    }
}

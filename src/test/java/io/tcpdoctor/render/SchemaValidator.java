package io.tcpdoctor.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema keywords the documented schemas use (type, required, properties, additionalProperties, items,
 * enum, minimum, maximum, minItems, oneOf, local $ref): small enough to read, strict where the schemas are.
 */
final class SchemaValidator {
    private final JsonNode root;

    SchemaValidator(JsonNode root) {
        this.root = root;
    }

    /** Every violation, as "path: why"; empty when the document is valid. */
    List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(root, doc, "$", errors);
        return errors;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        JsonNode n = root;
        for (String part : ref.asText().substring(2).split("/")) {
            n = n.get(part);
        }
        return n;
    }

    private static boolean isType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private void check(JsonNode schemaIn, JsonNode v, String path, List<String> errors) {
        JsonNode schema = resolve(schemaIn);
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean ok = false;
            if (type.isArray()) {
                for (JsonNode t : type) {
                    ok |= isType(v, t.asText());
                }
            } else {
                ok = isType(v, type.asText());
            }
            if (!ok) {
                errors.add(path + ": expected " + type + ", got " + v.getNodeType());
                return;
            }
        }
        JsonNode oneOf = schema.get("oneOf");
        if (oneOf != null) {
            int matches = 0;
            for (JsonNode alt : oneOf) {
                List<String> e = new ArrayList<>();
                check(alt, v, path, e);
                matches += e.isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                errors.add(path + ": matches " + matches + " of oneOf");
            }
        }
        JsonNode en = schema.get("enum");
        if (en != null) {
            boolean found = false;
            for (JsonNode e : en) {
                found |= e.equals(v) || e.isNumber() && v.isNumber() && e.asDouble() == v.asDouble();
            }
            if (!found) {
                errors.add(path + ": " + v + " not in " + en);
            }
        }
        if (v.isNumber()) {
            if (schema.has("minimum") && v.asDouble() < schema.get("minimum").asDouble()) {
                errors.add(path + ": " + v + " below " + schema.get("minimum"));
            }
            if (schema.has("maximum") && v.asDouble() > schema.get("maximum").asDouble()) {
                errors.add(path + ": " + v + " above " + schema.get("maximum"));
            }
        }
        if (v.isObject()) {
            JsonNode req = schema.get("required");
            if (req != null) {
                for (JsonNode r : req) {
                    if (!v.has(r.asText())) {
                        errors.add(path + ": missing " + r.asText());
                    }
                }
            }
            JsonNode props = schema.get("properties");
            JsonNode extra = schema.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode sub = props == null ? null : props.get(f.getKey());
                if (sub != null) {
                    check(sub, f.getValue(), path + "." + f.getKey(), errors);
                } else if (extra != null && extra.isBoolean() && !extra.asBoolean()) {
                    errors.add(path + ": undocumented key " + f.getKey());
                } else if (extra != null && extra.isObject()) {
                    check(extra, f.getValue(), path + "." + f.getKey(), errors);
                }
            }
        }
        if (v.isArray()) {
            if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) {
                errors.add(path + ": fewer than " + schema.get("minItems") + " items");
            }
            JsonNode items = schema.get("items");
            if (items != null) {
                for (int i = 0; i < v.size(); i++) {
                    check(items, v.get(i), path + "[" + i + "]", errors);
                }
            }
        }
    }
}

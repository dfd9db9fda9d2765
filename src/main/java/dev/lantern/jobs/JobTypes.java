package dev.lantern.jobs;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@link JobType} beans by name, and the binding of a job's spec to its type's spec
 * class: strict JSON (unknown fields are refused) followed by Bean Validation. Every
 * error names the field as {@code spec.<path>}.
 */
@Component
class JobTypes {

	private final Map<String, JobType<?>> types;

	private final JsonMapper json;

	private final Validator validator;

	JobTypes(ObjectProvider<JobType<?>> types, JsonMapper json, Validator validator) {
		this.types = new LinkedHashMap<>();
		types.stream().sorted(Comparator.comparing(JobType::name)).forEach((type) -> {
			JobType<?> previous = this.types.put(type.name(), type);
			if (previous != null) {
				throw new IllegalStateException("Two job types are named '" + type.name() + "': "
						+ previous.getClass().getName() + " and " + type.getClass().getName());
			}
		});
		this.json = json;
		this.validator = validator;
	}

	/** The names of the job types this replica can run. */
	Set<String> names() {
		return this.types.keySet();
	}

	/** The job types this replica can run, by name. */
	Collection<JobType<?>> all() {
		return this.types.values();
	}

	/** The type of the given name; a 400 naming {@code type} if there is none. */
	JobType<?> get(String name) {
		JobType<?> type = this.types.get(name);
		if (type == null) {
			throw InvalidInputException
				.field("type",
						"Unknown job type '" + name + "'; known types: "
								+ (this.types.isEmpty() ? "none" : String.join(", ", this.types.keySet())))
				.with("knownTypes", List.copyOf(this.types.keySet()));
		}
		return type;
	}

	/**
	 * Binds and validates a spec from the request: a 400 naming the field when it is
	 * wrong.
	 */
	Object bind(JobType<?> type, JsonNode spec) {
		JsonNode content = (spec == null || spec.isNull()) ? JsonNodeFactory.instance.objectNode() : spec;
		if (!content.isObject()) {
			throw InvalidInputException.field("spec", "'spec' must be a JSON object");
		}
		Object bound;
		try {
			bound = this.json.readerFor(type.specClass())
				.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
				.readValue(content);
		}
		catch (UnrecognizedPropertyException ex) {
			String field = field(ex);
			String known = ex.getKnownPropertyIds()
				.stream()
				.map(Object::toString)
				.sorted()
				.collect(Collectors.joining(", "));
			throw InvalidInputException.field(field,
					"Field '" + field + "' is not part of a " + type.name() + " spec; its fields are: " + known);
		}
		catch (DatabindException ex) {
			String field = field(ex);
			throw InvalidInputException.field(field, "Field '" + field + "' has a missing or wrongly typed value");
		}
		catch (JacksonException ex) {
			throw InvalidInputException.field("spec", "'spec' cannot be read as a " + type.name() + " spec");
		}
		if (bound == null) {
			throw InvalidInputException.field("spec", "'spec' is required");
		}
		checkFinite(this.json.valueToTree(bound), "spec");
		validate(bound);
		return bound;
	}

	/**
	 * Lets the type check a bound spec against the service's state before it is queued.
	 */
	@SuppressWarnings("unchecked")
	<S> void admit(JobType<S> type, Object spec) {
		type.admit((S) spec);
	}

	/**
	 * Checks a stored spec again when its job starts, with the bounds and limits then in
	 * force: a job queued before a limit changed fails with the reason instead of running
	 * into it.
	 */
	<S> void recheck(JobType<S> type, Object spec) {
		checkFinite(this.json.valueToTree(spec), "spec");
		validate(spec);
		admit(type, spec);
	}

	/** Reads a stored spec for a run. */
	Object read(JobType<?> type, String spec) {
		try {
			return this.json.readerFor(type.specClass())
				.without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
				.readValue(spec);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(
					"The job's stored spec no longer fits the " + type.name() + " spec of this version", ex);
		}
	}

	String write(Object value) {
		return this.json.writeValueAsString(value);
	}

	private void validate(Object spec) {
		Set<ConstraintViolation<Object>> violations = this.validator.validate(spec);
		if (violations.isEmpty()) {
			return;
		}
		List<Map<String, Object>> errors = violations.stream()
			.map((violation) -> Map.<String, Object>of("field", "spec." + violation.getPropertyPath(), "message",
					violation.getMessage()))
			.sorted(Comparator.comparing((error) -> error.get("field").toString()))
			.toList();
		String detail = errors.stream()
			.map((error) -> "'" + error.get("field") + "' " + error.get("message"))
			.collect(Collectors.joining("; ", "Invalid spec: ", ""));
		throw InvalidInputException.field(errors.get(0).get("field").toString(), detail).with("errors", errors);
	}

	/**
	 * Every number of a bound spec is finite: JSON's {@code 1e309} binds to a double as
	 * Infinity and the text {@code "NaN"} as NaN, which range checks do not all refuse.
	 * Walks the spec as bound (nested objects and lists included), so no job type can
	 * forget a field.
	 */
	static void checkFinite(JsonNode node, String path) {
		if (node.isNumber()) {
			if (!Double.isFinite(node.asDouble())) {
				throw InvalidInputException.field(path,
						"'" + path + "' must be a finite number, got " + node.asDouble());
			}
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				checkFinite(field.getValue(), path + "." + field.getKey());
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				checkFinite(node.get(i), path + "[" + i + "]");
			}
		}
	}

	private static String field(DatabindException ex) {
		String path = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
		return path.isEmpty() ? "spec" : "spec." + path;
	}

}

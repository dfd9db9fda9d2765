package dev.lantern.system.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import dev.lantern.system.errors.LanternException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error a controller raises into an RFC 9457 problem that names what is
 * wrong. Unexpected failures become a 500 with an incident id that is logged with the
 * stack trace; the response never carries class names or traces.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	private final LimitsProperties limits;

	private final DataSize formPostSize;

	ProblemAdvice(LimitsProperties limits,
			@Value("${server.tomcat.max-http-form-post-size:2MB}") DataSize formPostSize) {
		this.limits = limits;
		this.formPostSize = formPostSize;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ProblemAdvice::fieldError)
			.toList();
		return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> Map.<String, Object>of("field",
						(error instanceof FieldError fieldError) ? fieldError.getField()
								: result.getMethodParameter().getParameterName(),
						"message", String.valueOf(error.getDefaultMessage()))))
			.toList();
		return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = causeOf(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.detail());
			problem.setTitle("Payload too large");
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadable(ex));
		problem.setTitle("Unreadable request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, uploadTooLarge(ex));
		problem.setTitle("Payload too large");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
	}

	/**
	 * Names the limit the multipart request went past: one part's, the form fields', or
	 * the whole request's.
	 */
	private String uploadTooLarge(MaxUploadSizeExceededException ex) {
		FileSizeLimitExceededException part = causeOf(ex, FileSizeLimitExceededException.class);
		if (part != null) {
			String name = (part.getFileName() != null) ? "file '" + part.getFileName() + "'"
					: "form field '" + part.getFieldName() + "'";
			return "The " + name + " is larger than allowed: at most " + size(this.limits.maxUploadSize())
					+ " per part (lantern.limits.max-upload-size)";
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("maxPostSize")) {
				return "The request's form fields (parts without a file name) are larger than allowed: at most "
						+ size(this.formPostSize) + " in all (server.tomcat.max-http-form-post-size); "
						+ "send large content as a file part";
			}
		}
		return "The upload is larger than allowed: at most " + size(this.limits.maxUploadSize()) + " per file and "
				+ size(this.limits.maxRequestSize())
				+ " per request (lantern.limits.max-upload-size, lantern.limits.max-request-size)";
	}

	private static String size(DataSize size) {
		long bytes = size.toBytes();
		if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
			return (bytes >> 30) + " GB";
		}
		if (bytes >= 1L << 20) {
			return (bytes >> 20) + " MB";
		}
		if (bytes >= 1L << 10) {
			return (bytes >> 10) + " KB";
		}
		return bytes + " bytes";
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"There is no endpoint at " + ex.getHttpMethod() + " /" + ex.getResourcePath());
		return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		Class<?> type = ex.getRequiredType();
		String expected = (type == null) ? "of another type" : switch (type.getSimpleName()) {
			case "UUID" -> "a UUID";
			case "Integer", "int", "Long", "long" -> "a whole number";
			case "Double", "double", "Float", "float" -> "a number";
			case "Boolean", "boolean" -> "true or false";
			default -> "of another type";
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"'" + name + "' must be " + expected + ", not '" + ex.getValue() + "'");
		problem.setTitle("Invalid request");
		problem.setProperty("field", name);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ProblemDetail constraintViolation(ConstraintViolationException ex) {
		List<Map<String, Object>> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> Map.<String, Object>of("field", leaf(violation.getPropertyPath().toString()), "message",
					violation.getMessage()))
			.toList();
		return invalid(errors);
	}

	@ExceptionHandler(LanternException.class)
	ResponseEntity<ProblemDetail> domain(LanternException ex) {
		DomainProblem mapped = DomainProblem.of(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(mapped.status(), ex.getMessage());
		problem.setType(URI.create(ProblemTypes.BASE + mapped.type()));
		ex.details().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		if (mapped.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER,
					Long.toString(Math.max(1, (mapped.retryAfter().toMillis() + 999) / 1000)));
		}
		return ResponseEntity.status(mapped.status()).headers(headers).body(problem);
	}

	@ExceptionHandler(BodyTooLargeException.class)
	ProblemDetail bodyTooLarge(BodyTooLargeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.detail());
		problem.setTitle("Payload too large");
		return problem;
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		BodyTooLargeException tooLarge = causeOf(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			return bodyTooLarge(tooLarge);
		}
		String incident = UUID.randomUUID().toString();
		log.error("Unexpected error, incident {}", incident, ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; quote incident " + incident + " when reporting it");
		problem.setTitle("Internal error");
		problem.setProperty("incident", incident);
		return problem;
	}

	/** A 400 listing each invalid field with its message. */
	private static ProblemDetail invalid(List<Map<String, Object>> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(errors));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static Map<String, Object> fieldError(FieldError error) {
		return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
	}

	private static String describe(List<Map<String, Object>> errors) {
		if (errors.isEmpty()) {
			return "The request is invalid";
		}
		return errors.stream()
			.map((error) -> "'" + error.get("field") + "' " + error.get("message"))
			.collect(Collectors.joining("; ", "Invalid request: ", ""));
	}

	private static String leaf(String propertyPath) {
		int dot = propertyPath.indexOf('.');
		return (dot >= 0) ? propertyPath.substring(dot + 1) : propertyPath;
	}

	/**
	 * Names the JSON field that could not be read, without quoting parser internals.
	 */
	private static String unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String path = databind.getPath()
				.stream()
				.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			return "Field '" + path + "' has a missing or wrongly typed value";
		}
		if (cause instanceof JacksonException) {
			return "The request body is not valid JSON";
		}
		return "The request body is missing or unreadable";
	}

}

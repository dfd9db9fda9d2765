package dev.lantern.system.web;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The OpenAPI document springdoc serves at {@code /v3/api-docs}; the committed
 * {@code openapi.yaml} must equal it (a test checks).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	private static final Set<RequestMethod> READS = Set.of(RequestMethod.GET, RequestMethod.HEAD,
			RequestMethod.OPTIONS);

	private static void problem(ApiResponses responses, String status, String description) {
		if (!responses.containsKey(status)) {
			responses.addApiResponse(status,
					new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
		}
	}

	@Bean
	OpenAPI lanternOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Lantern")
				.version("1")
				.description("Trains and serves fast.ai Lesson 6's models: Rossmann sales forecasting with entity "
						+ "embeddings, a pet-breed ResNet classifier and Grad-CAM heatmaps. Training runs as jobs "
						+ "on a persistent queue; errors are RFC 9457 problem details.")
				.license(new License().name("Apache-2.0")))
			.servers(List.of(new Server().url("/").description("This server")))
			.components(
					new Components().addSchemas("ProblemDetail", problemDetailSchema())
						.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("An API key from lantern.security.api-keys, as 'Authorization: Bearer <key>'. "
									+ "Needed for every change; for reads and inference when configured.")));
	}

	/** RFC 9457 problem details, as every error of the API is answered. */
	private static Schema<?> problemDetailSchema() {
		return new ObjectSchema().description("An RFC 9457 problem: what went wrong, in words a client can act on")
			.addProperty("type", new StringSchema().format("uri"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri"));
	}

	/**
	 * Marks every operation but reads as needing the API key (inference needs it only
	 * when {@code lantern.security.protect-inference} is on).
	 */
	@Bean
	OperationCustomizer apiKeyRequirement() {
		return (operation, handlerMethod) -> {
			RequestMapping mapping = handlerMethod.getMethodAnnotation(RequestMapping.class);
			boolean read = mapping != null && mapping.method().length > 0
					&& READS.containsAll(List.of(mapping.method()));
			if (!read) {
				operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
			}
			ApiResponses responses = operation.getResponses();
			problem(responses, "400", "The request is invalid: the problem names the field, record or file");
			if (!read) {
				problem(responses, "401", "No valid API key");
			}
			LimitedInput limited = handlerMethod.getMethodAnnotation(LimitedInput.class);
			if (limited != null) {
				problem(responses, "413", limited.tooLarge());
				if (!limited.busy().isEmpty()) {
					problem(responses, "429", limited.busy());
					responses.get("429")
						.addHeaderObject("Retry-After",
								new io.swagger.v3.oas.models.headers.Header()
									.description("Seconds to wait before trying again")
									.schema(new IntegerSchema()));
				}
			}
			problem(responses, "500", "Unexpected failure: the problem carries an incident id for the logs");
			return operation;
		};
	}

}

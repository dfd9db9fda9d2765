package dev.lantern.system.web;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
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
			.components(new Components().addSecuritySchemes(API_KEY,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key from lantern.security.api-keys, as 'Authorization: Bearer <key>'. "
								+ "Needed for every change; for reads and inference when configured.")));
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
			return operation;
		};
	}

}

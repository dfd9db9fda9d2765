package dev.lantern.system.security;

import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.LanternProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Mutations always need an API key; reads and inference need one when
 * {@code lantern.security.protect-reads} / {@code protect-inference} say so. Health,
 * info, metrics and the API documentation stay open for probes and scrapers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Inference endpoints: POST, but reads of the models rather than changes. */
	static final String[] INFERENCE = { "/api/v1/models/*/predict", "/api/v1/models/*/classify",
			"/api/v1/models/*/heatmap", "/api/v1/models/*/versions/*/predict", "/api/v1/models/*/versions/*/classify",
			"/api/v1/models/*/versions/*/heatmap", "/api/v1/vision/convolve", "/api/v1/vision/augmentations",
			"/v2/models/*/infer", "/v2/models/*/versions/*/infer" };

	@Bean
	ApiKeys apiKeys(SecurityProperties properties, LanternProperties lantern) {
		return ApiKeys.load(properties, lantern);
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, SecurityProperties properties, JsonMapper json) {
		ProblemResponses problems = new ProblemResponses(json);
		http.csrf(AbstractHttpConfigurer::disable)
			.cors(Customizer.withDefaults())
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new ApiKeyFilter(keys, problems.unauthorized()), AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems.unauthorized())
				.accessDeniedHandler(problems.forbidden()))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers(HttpMethod.OPTIONS, "/**").permitAll();
				requests
					.requestMatchers("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error")
					.permitAll();
				if (properties.protectInference()) {
					requests.requestMatchers(HttpMethod.POST, INFERENCE).authenticated();
				}
				else {
					requests.requestMatchers(HttpMethod.POST, INFERENCE).permitAll();
				}
				if (properties.protectReads()) {
					requests.requestMatchers(HttpMethod.GET, "/**").authenticated();
					requests.requestMatchers(HttpMethod.HEAD, "/**").authenticated();
				}
				else {
					requests.requestMatchers(HttpMethod.GET, "/**").permitAll();
					requests.requestMatchers(HttpMethod.HEAD, "/**").permitAll();
				}
				requests.anyRequest().authenticated();
			});
		return http.build();
	}

	/**
	 * No user accounts: keeps Boot from creating a default user with a generated
	 * password.
	 */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

}

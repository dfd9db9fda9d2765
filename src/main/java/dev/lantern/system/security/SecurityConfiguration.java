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
 * info, metrics, the API documentation and the console's static files stay open for
 * probes, scrapers and browsers. Every response carries the Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Inference endpoints: POST, but reads of the models rather than changes. */
	static final String[] INFERENCE = { "/api/v1/models/*/predict", "/api/v1/models/*/classify",
			"/api/v1/models/*/heatmap", "/api/v1/models/*/versions/*/predict", "/api/v1/models/*/versions/*/classify",
			"/api/v1/models/*/versions/*/heatmap", "/api/v1/vision/convolve", "/api/v1/vision/augmentations",
			"/v2/models/*/infer", "/v2/models/*/versions/*/infer" };

	/**
	 * The console's static files (served at {@code /}): open to every browser, since the
	 * page must load before it can ask for a key; they hold no data.
	 */
	static final String[] CONSOLE = { "/", "/index.html", "/console/**", "/webjars/**", "/favicon.ico" };

	/**
	 * Sent with every response: scripts, styles, fonts, frames and connections only from
	 * this origin (no inline script or style), images also from {@code data:} and
	 * {@code blob:} URLs (uploaded previews and rendered PNGs), no plug-ins, no framing.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new ApiKeyFilter(keys, problems.unauthorized()), AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems.unauthorized())
				.accessDeniedHandler(problems.forbidden()))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers(HttpMethod.OPTIONS, "/**").permitAll();
				requests
					.requestMatchers("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error")
					.permitAll();
				requests.requestMatchers(HttpMethod.GET, CONSOLE).permitAll();
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

package dev.lantern.system.security;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class SecuritySettingsTests {

	@Nested
	@SpringBootTest(properties = { "lantern.security.protect-reads=true", "lantern.security.protect-inference=true" })
	@AutoConfigureMockMvc
	class WhenReadsAndInferenceAreProtected {

		@Autowired
		MockMvc mvc;

		@Test
		void readWithoutKeyIsRefused() throws Exception {
			this.mvc.perform(get("/api/v1/system")).andExpect(status().isUnauthorized());
		}

		@Test
		void readWithKeyIsServed() throws Exception {
			this.mvc.perform(get("/api/v1/system").header("Authorization", "Bearer test-key"))
				.andExpect(status().isOk());
		}

		@Test
		void inferenceWithoutKeyIsRefused() throws Exception {
			this.mvc.perform(post("/api/v1/models/sales/predict")).andExpect(status().isUnauthorized());
		}

		@Test
		void theConsoleLoadsWithoutAKeyWhileItsDataNeedsOne() throws Exception {
			for (String path : new String[] { "/", "/console/app.js", "/console/console.css",
					"/webjars/uplot/dist/uPlot.esm.js" }) {
				this.mvc.perform(get(path))
					.andExpect(status().isOk())
					.andExpect(
							header().string("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY));
			}
			this.mvc.perform(get("/api/v1/datasets")).andExpect(status().isUnauthorized());
		}

		@Test
		void refusalsCarryTheContentSecurityPolicyToo() throws Exception {
			this.mvc.perform(get("/api/v1/datasets"))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY));
			this.mvc.perform(get("/console/app.js").header("Authorization", "Bearer wrong"))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY));
		}

		@Test
		void probesStayOpen() throws Exception {
			this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
		}

	}

	@Nested
	@SpringBootTest(properties = { "lantern.security.api-keys=first, second",
			"lantern.web.cors.allowed-origins=https://app.example.com" })
	@AutoConfigureMockMvc
	class WhenOpenForLocalUse {

		@Autowired
		MockMvc mvc;

		@Test
		void inferenceNeedsNoKey() throws Exception {
			// The request gets past security (no 401) and is judged by the endpoint
			// itself.
			this.mvc.perform(post("/api/v1/models/sales/predict").contentType("application/json").content("{}"))
				.andExpect(status().is(org.hamcrest.Matchers.not(401)))
				.andExpect(status().is4xxClientError());
		}

		@Test
		void everyConfiguredKeyIsAccepted() throws Exception {
			this.mvc.perform(post("/api/v1/nothing").header("Authorization", "Bearer second"))
				.andExpect(status().isNotFound());
			this.mvc.perform(post("/api/v1/nothing").header("Authorization", "Bearer test-key"))
				.andExpect(status().isUnauthorized());
		}

		@Test
		void allowedOriginGetsCorsHeaders() throws Exception {
			this.mvc
				.perform(options("/api/v1/jobs").header("Origin", "https://app.example.com")
					.header("Access-Control-Request-Method", "POST"))
				.andExpect(status().isOk())
				.andExpect(header().string("Access-Control-Allow-Origin", "https://app.example.com"));
		}

		@Test
		void otherOriginIsRefused() throws Exception {
			this.mvc
				.perform(options("/api/v1/jobs").header("Origin", "https://evil.example.com")
					.header("Access-Control-Request-Method", "POST"))
				.andExpect(status().isForbidden());
		}

	}

}

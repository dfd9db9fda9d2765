package dev.lantern.vision.weights;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnsupportedFormatException;
import dev.lantern.system.security.WebSliceSecurity;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(PretrainedWeightsController.class)
@Import(WebSliceSecurity.class)
class PretrainedWeightsControllerTests {

	private static final String AUTHORIZATION = "Bearer test-key";

	private static final PretrainedWeightsInfo INFO = new PretrainedWeightsInfo("w-1", "resnet34", 64, "pytorch", "F32",
			"resnet34-b627a593.pth", "b627a593" + "0".repeat(56), 1000, 2000, List.of("fc.weight", "fc.bias"),
			Instant.parse("2025-01-02T03:04:05Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	PretrainedWeightsStore store;

	@Test
	void importsAnUploadAndSaysWhereItIs() throws Exception {
		given(this.store.importFile(any(), eq("resnet34-b627a593.pth"), isNull())).willReturn(INFO);
		this.mvc
			.perform(multipart("/api/v1/pretrained").file(file(new byte[] { 'P', 'K' }))
				.header("Authorization", AUTHORIZATION))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/pretrained/w-1"))
			.andExpect(jsonPath("$.architecture").value("resnet34"))
			.andExpect(jsonPath("$.sha256").value(INFO.sha256()))
			.andExpect(jsonPath("$.ignoredTensors[0]").value("fc.weight"))
			.andExpect(jsonPath("$.addedAt").value("2025-01-02T03:04:05Z"));
	}

	@Test
	void passesTheArchitectureOn() throws Exception {
		given(this.store.importFile(any(), any(), eq("resnet34"))).willReturn(INFO);
		this.mvc
			.perform(multipart("/api/v1/pretrained").file(file(new byte[] { 1 }))
				.param("architecture", "resnet34")
				.header("Authorization", AUTHORIZATION))
			.andExpect(status().isCreated());
	}

	@Test
	void refusesAnUploadWithoutAKeyOrAnEmptyOne() throws Exception {
		this.mvc.perform(multipart("/api/v1/pretrained").file(file(new byte[] { 1 })))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(multipart("/api/v1/pretrained").file(file(new byte[0])).header("Authorization", AUTHORIZATION))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("file"));
		then(this.store).should(never()).importFile(any(), any(), any());
	}

	@Test
	void answersEachRefusalWithItsProblem() throws Exception {
		given(this.store.importFile(any(), any(), any()))
			.willThrow(new InvalidInputException("hostile.pth: the pickle refers to the global 'posix.system'"))
			.willThrow(new TooLargeException("big.pth is larger than 1GB (lantern.vision.weights.max-file-size)"))
			.willThrow(new UnsupportedFormatException("notes.txt is neither a PyTorch checkpoint nor safetensors"))
			.willThrow(new ConflictException("These weights were imported already as w-1"));
		expectProblem(400, "'posix.system'");
		expectProblem(413, "max-file-size");
		expectProblem(415, "neither");
		expectProblem(409, "w-1");
	}

	@Test
	void listsGetsAndDeletes() throws Exception {
		given(this.store.list()).willReturn(List.of(INFO));
		given(this.store.get("w-1")).willReturn(INFO);
		given(this.store.get("nope")).willThrow(new NotFoundException("pretrained weights", "nope"));
		this.mvc.perform(get("/api/v1/pretrained"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value("w-1"))
			.andExpect(jsonPath("$[0].parameters").value(1000));
		this.mvc.perform(get("/api/v1/pretrained/w-1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.fileName").value("resnet34-b627a593.pth"));
		this.mvc.perform(get("/api/v1/pretrained/nope"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(delete("/api/v1/pretrained/w-1")).andExpect(status().isUnauthorized());
		this.mvc.perform(delete("/api/v1/pretrained/w-1").header("Authorization", AUTHORIZATION))
			.andExpect(status().isNoContent());
		then(this.store).should().delete("w-1");
		willThrow(new NotFoundException("pretrained weights", "nope")).given(this.store).delete("nope");
		this.mvc.perform(delete("/api/v1/pretrained/nope").header("Authorization", AUTHORIZATION))
			.andExpect(status().isNotFound());
	}

	private void expectProblem(int status, String detail) throws Exception {
		this.mvc
			.perform(
					multipart("/api/v1/pretrained").file(file(new byte[] { 1 })).header("Authorization", AUTHORIZATION))
			.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(detail)));
	}

	private static MockMultipartFile file(byte[] content) {
		return new MockMultipartFile("file", "resnet34-b627a593.pth", "application/octet-stream", content);
	}

}

package io.pulsegate.consumer.deadletters;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClientException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Dead-letter operations for people on call: list what is pending, inspect a letter,
 * replay letters to the event topic or discard them. Needs the ADMIN role.
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterController {

	private final DeadLetterQueue queue;

	DeadLetterController(DeadLetterQueue queue) {
		this.queue = queue;
	}

	@GetMapping
	Pending list(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) throws PulsarAdminException {
		return new Pending(this.queue.topic(), this.queue.pending(), this.queue.list(limit));
	}

	@GetMapping("/{id}")
	DeadLetter inspect(@PathVariable String id) throws PulsarAdminException {
		DeadLetter letter = this.queue.find(id);
		if (letter == null) {
			throw notPending(id);
		}
		return letter;
	}

	@PostMapping("/replay")
	Taken replayOldest(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit)
			throws PulsarClientException, PulsarAdminException {
		return new Taken(this.queue.replay(limit, (any) -> true));
	}

	@PostMapping("/{id}/replay")
	Taken replay(@PathVariable String id) throws PulsarClientException, PulsarAdminException {
		return one(id, this.queue.replay(1, id::equals));
	}

	@DeleteMapping("/{id}")
	Taken discard(@PathVariable String id) throws PulsarClientException, PulsarAdminException {
		return one(id, this.queue.discard(1, id::equals));
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ProblemDetail invalid(HandlerMethodValidationException ex) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
			.collect(Collectors.joining("; "));
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
	}

	@ExceptionHandler(PulsarClientException.ConsumerBusyException.class)
	ProblemDetail busy() {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another dead-letter operation is in progress; try again when it is done");
	}

	@ExceptionHandler({ PulsarClientException.class, PulsarAdminException.class })
	ProblemDetail brokerUnavailable(Exception ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The broker did not complete the operation: " + ex.getMessage());
	}

	private static Taken one(String id, List<DeadLetter> taken) {
		if (taken.isEmpty()) {
			throw notPending(id);
		}
		return new Taken(taken);
	}

	private static ResponseStatusException notPending(String id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No pending dead letter has id " + id);
	}

	/**
	 * The pending letters.
	 *
	 * @param topic the dead-letter topic
	 * @param pending how many are pending in all
	 * @param letters the oldest of them
	 */
	record Pending(String topic, long pending, List<DeadLetter> letters) {
	}

	/**
	 * Letters replayed or discarded.
	 *
	 * @param letters the letters, oldest first
	 */
	record Taken(List<DeadLetter> letters) {
	}

}

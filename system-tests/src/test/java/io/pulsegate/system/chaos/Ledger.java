package io.pulsegate.system.chaos;

import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every event the clients of a run send, and a tally of the answers their requests got.
 */
final class Ledger {

	private final Queue<LoadEvent> events = new ConcurrentLinkedQueue<>();

	private final AtomicInteger acknowledged = new AtomicInteger();

	private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

	LoadEvent newEvent(String key, String orderId) {
		LoadEvent event = new LoadEvent(key, orderId);
		this.events.add(event);
		return event;
	}

	void answered(String answer) {
		this.answers.computeIfAbsent(answer, (key) -> new LongAdder()).increment();
	}

	void acknowledged(LoadEvent event) {
		if (event.acknowledge()) {
			this.acknowledged.incrementAndGet();
		}
	}

	List<LoadEvent> events() {
		return List.copyOf(this.events);
	}

	int acknowledged() {
		return this.acknowledged.get();
	}

	/**
	 * How many requests of each kind of answer, such as {@code 202}, {@code 503} or
	 * {@code timeout}.
	 * @return the tally, by answer
	 */
	Map<String, Long> answers() {
		Map<String, Long> answers = new TreeMap<>();
		this.answers.forEach((answer, count) -> answers.put(answer, count.sum()));
		return answers;
	}

}

package io.pulsegate.benchmark.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers every event of a benchmark run, so that no two events share an id or an order.
 */
public final class Sequence {

	private final AtomicLong next = new AtomicLong();

	public long next() {
		return this.next.getAndIncrement();
	}

	/**
	 * Takes a block of numbers at once, for a request that carries many events.
	 * @param count how many
	 * @return the first of them
	 */
	public long next(int count) {
		return this.next.getAndAdd(count);
	}

}

package io.pulsegate.benchmark.load;

/**
 * Renders the body of one request.
 */
@FunctionalInterface
public interface RequestBody {

	/**
	 * The body of a request.
	 * @param sequence the number of its first event, unique within the whole benchmark
	 * run; a request of {@code n} events owns the numbers from here to
	 * {@code sequence + n - 1}
	 * @param intendedEpochMicros when the request was meant to start, on the wall clock
	 * @return the body
	 */
	byte[] render(long sequence, long intendedEpochMicros);

}

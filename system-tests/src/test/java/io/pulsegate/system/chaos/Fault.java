package io.pulsegate.system.chaos;

/**
 * The faults a chaos run injects, in this order in every round.
 */
enum Fault {

	/** The broker's JVM killed with SIGKILL, then started again on its data. */
	BROKER_KILLED("broker SIGKILL + restart"),

	/** The consumer killed with SIGKILL while it has events in hand, then a new one. */
	CONSUMER_KILLED("consumer SIGKILL + restart"),

	/** SIGTERM to one of the two ingress instances under load, and a new instance. */
	INGRESS_STOPPED("ingress SIGTERM + new instance"),

	/** PostgreSQL stopped until the consumer notices, then started again. */
	DATABASE_STOPPED("PostgreSQL stop + start"),

	/**
	 * Redis, the ingresses' shared idempotency store, frozen with SIGSTOP (it hangs:
	 * connections stay open, nothing is answered) until both ingresses refuse requests
	 * with a key at once, then thawed; back once no ingress's breaker is open.
	 */
	REDIS_HUNG("Redis SIGSTOP + SIGCONT");

	private final String description;

	Fault(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

}

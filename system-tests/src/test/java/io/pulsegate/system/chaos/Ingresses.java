package io.pulsegate.system.chaos;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

import io.pulsegate.testsupport.ServiceProcess;

/**
 * The ingress instances clients send to, as a load balancer would see them: a retry goes
 * to the next instance, so that one instance down costs a client one attempt.
 */
final class Ingresses {

	private final AtomicReferenceArray<ServiceProcess> instances;

	Ingresses(ServiceProcess... instances) {
		this.instances = new AtomicReferenceArray<>(instances);
	}

	/**
	 * The address of an instance.
	 * @param turn any number; consecutive numbers give different instances
	 * @return the instance's base URL
	 */
	String url(int turn) {
		return this.instances.get(Math.floorMod(turn, this.instances.length())).url();
	}

	ServiceProcess get(int slot) {
		return this.instances.get(slot);
	}

	void replace(int slot, ServiceProcess instance) {
		this.instances.set(slot, instance);
	}

	List<ServiceProcess> all() {
		return IntStream.range(0, this.instances.length()).mapToObj(this.instances::get).toList();
	}

}

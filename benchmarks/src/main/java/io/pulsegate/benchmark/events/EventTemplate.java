package io.pulsegate.benchmark.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JSON text with fixed-width numeric slots, rendered by copying it and writing digits
 * into the slots: cheap enough that the generator spends its time on the network, not on
 * building bodies.
 */
final class EventTemplate {

	static final int SEQUENCE_DIGITS = 12;

	static final int MICROS_DIGITS = 16;

	private static final char SEQUENCE_MARK = '\u0001';

	private static final char MICROS_MARK = '\u0002';

	private final byte[] bytes;

	private final int[] sequenceSlots;

	private final int[] microsSlots;

	private EventTemplate(byte[] bytes, int[] sequenceSlots, int[] microsSlots) {
		this.bytes = bytes;
		this.sequenceSlots = sequenceSlots;
		this.microsSlots = microsSlots;
	}

	/** Marks a slot for the sequence number in {@link #of}'s text. */
	static String sequence() {
		return String.valueOf(SEQUENCE_MARK).repeat(SEQUENCE_DIGITS);
	}

	/** Marks a slot for the intended start time in {@link #of}'s text. */
	static String micros() {
		return String.valueOf(MICROS_MARK).repeat(MICROS_DIGITS);
	}

	static EventTemplate of(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return new EventTemplate(bytes, slots(bytes, SEQUENCE_MARK, SEQUENCE_DIGITS),
				slots(bytes, MICROS_MARK, MICROS_DIGITS));
	}

	int length() {
		return this.bytes.length;
	}

	byte[] render(long sequence, long micros) {
		byte[] target = Arrays.copyOf(this.bytes, this.bytes.length);
		renderInto(target, 0, sequence, micros);
		return target;
	}

	void renderInto(byte[] target, int offset, long sequence, long micros) {
		System.arraycopy(this.bytes, 0, target, offset, this.bytes.length);
		for (int slot : this.sequenceSlots) {
			digits(target, offset + slot, SEQUENCE_DIGITS, sequence);
		}
		for (int slot : this.microsSlots) {
			digits(target, offset + slot, MICROS_DIGITS, micros);
		}
	}

	private static void digits(byte[] target, int at, int width, long value) {
		long rest = value;
		for (int i = width - 1; i >= 0; i--) {
			target[at + i] = (byte) ('0' + (rest % 10));
			rest /= 10;
		}
	}

	private static int[] slots(byte[] bytes, char mark, int width) {
		List<Integer> slots = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == mark) {
				slots.add(i);
				i += width - 1;
			}
		}
		return slots.stream().mapToInt(Integer::intValue).toArray();
	}

}

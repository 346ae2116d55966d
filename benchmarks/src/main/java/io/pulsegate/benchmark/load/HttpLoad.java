package io.pulsegate.benchmark.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Drives an HTTP endpoint over keep-alive connections, all served by one event loop
 * thread, so that the generator takes a small share of the cores it shares with what it
 * measures.
 * <ul>
 * <li>Closed loop: each connection sends its next request as soon as the previous one is
 * answered; latency is from sending to the answer.</li>
 * <li>Open loop: requests are due at a fixed rate whatever the answers; a due request
 * waits for a free connection, and its latency is counted from when it was due, so a slow
 * answer cannot hide the requests it delayed (no coordinated omission). A thread of its
 * own wakes the event loop when requests fall due: a timer on the event loop finer than a
 * millisecond would keep Netty's selector from ever blocking, and the generator would
 * spin a whole core away from what it measures.</li>
 * </ul>
 * A connection the server closes is replaced.
 */
public final class HttpLoad implements AutoCloseable {

	/**
	 * How long after the end of a run its last answers may come. Longer than Tomcat's
	 * 30-s asynchronous request timeout, so that a request the server held on to comes
	 * back as the timeout's answer instead of being counted unanswered.
	 */
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(45);

	private static final AttributeKey<Long> DUE_AT = AttributeKey.valueOf("dueAt");

	/**
	 * The event loop is woken at most once a millisecond, for every request due by then.
	 * Woken once per request, the generator took 38 µs of CPU per request in the
	 * overload's 3x phase (one run); woken at most once a millisecond, 31 and 35 µs (two
	 * runs): a few hundredths of a core left to what it measures. Up to 1,000 requests a
	 * second each still goes out when it is due; above, a request may wait up to a
	 * millisecond, and its latency, counted from when it was due, includes that.
	 */
	private static final long MIN_WAKE_SPACING_NANOS = 1_000_000;

	/** Whether the request in flight on a connection was written to the socket whole. */
	private static final AttributeKey<Boolean> SENT = AttributeKey.valueOf("sent");

	/** When the request in flight on a connection was handed to it. */
	private static final AttributeKey<Long> SENT_AT = AttributeKey.valueOf("sentAt");

	private static final AttributeKey<Long> RECONNECT_AFTER = AttributeKey.valueOf("reconnectAfter");

	/** The longest a closed-loop connection waits when told to retry later. */
	private static final long MAX_RETRY_AFTER_SECONDS = 5;

	private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
			new DefaultThreadFactory("http-load"), NioIoHandler.newFactory());

	private final Sequence sequence;

	private final Duration answerTimeout;

	public HttpLoad(Sequence sequence) {
		this(sequence, ANSWER_TIMEOUT);
	}

	HttpLoad(Sequence sequence, Duration answerTimeout) {
		this.sequence = sequence;
		this.answerTimeout = answerTimeout;
	}

	/**
	 * Runs a closed loop.
	 * @param target the endpoint
	 * @param connections requests in flight at any time
	 * @param duration how long to measure
	 * @return what was measured
	 */
	public LoadResult closed(HttpTarget target, int connections, Duration duration) {
		return run(new Run(target, connections, 0, duration));
	}

	/**
	 * Runs a closed loop until a number of requests were answered.
	 * @param target the endpoint
	 * @param connections requests in flight at any time
	 * @param requests how many requests to send
	 * @param timeout how long they may take in all
	 * @return what was measured
	 */
	public LoadResult closed(HttpTarget target, int connections, long requests, Duration timeout) {
		Run run = new Run(target, connections, 0, timeout);
		run.budget = requests;
		return run(run);
	}

	/**
	 * Runs an open loop.
	 * @param target the endpoint
	 * @param connections connections to spread the requests over
	 * @param eventsPerSecond arrival rate of events (requests times events per request)
	 * @param duration how long requests are issued
	 * @return what was measured
	 */
	public LoadResult open(HttpTarget target, int connections, double eventsPerSecond, Duration duration) {
		return run(new Run(target, connections, eventsPerSecond, duration));
	}

	private LoadResult run(Run run) {
		run.eventLoop.execute(run::start);
		try {
			return run.result.get(run.duration.plus(ANSWER_TIMEOUT).plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while measuring " + run.target.name(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Measuring " + run.target.name() + " failed", ex);
		}
		finally {
			run.eventLoop.execute(run::closeAll);
		}
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/** One measured run; every field is touched only on the event loop thread. */
	private final class Run {

		private final HttpTarget target;

		private final int connections;

		private final double requestsPerSecond;

		private final Duration duration;

		private final EventLoop eventLoop = HttpLoad.this.group.next();

		private final Bootstrap bootstrap;

		private final Latencies latencies = new Latencies();

		private final Latencies fromSending = new Latencies();

		private final ArrayDeque<Channel> idle = new ArrayDeque<>();

		private final ArrayDeque<Long> due = new ArrayDeque<>();

		private final List<Channel> open = new ArrayList<>();

		private final CompletableFuture<LoadResult> result = new CompletableFuture<>();

		private final String hostHeader;

		private long startNanos;

		private long endNanos;

		private long startEpochMicros;

		private long issued;

		private int inFlight;

		private long succeeded;

		private long shed;

		private final Map<String, Long> errorKinds = new TreeMap<>();

		private long lastAnswerNanos;

		/** The whole seconds of the run, from its start, in which something was shed. */
		private final BitSet shedSeconds = new BitSet();

		/** Open loop only: wakes the event loop when requests fall due. */
		private Thread pacer;

		private volatile boolean pacing;

		private ScheduledFuture<?> deadline;

		private boolean issuing = true;

		/**
		 * Whether the end of the run was handled: until then requests may still fall due,
		 * so the connections stay open even after the end's time has passed.
		 */
		private boolean stopped;

		/** Closed loop only: requests to send in all, or 0 to send until the end. */
		private long budget;

		Run(HttpTarget target, int connections, double eventsPerSecond, Duration duration) {
			this.target = target;
			this.connections = connections;
			this.requestsPerSecond = eventsPerSecond / target.eventsPerRequest();
			this.duration = duration;
			this.hostHeader = target.uri().getHost() + ":" + target.uri().getPort();
			this.bootstrap = new Bootstrap().group(this.eventLoop)
				.channel(NioSocketChannel.class)
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline()
							.addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024 * 1024),
									new AnswerHandler(Run.this));
					}
				});
		}

		private boolean openLoop() {
			return this.requestsPerSecond > 0;
		}

		void start() {
			this.startNanos = System.nanoTime();
			this.startEpochMicros = epochMicrosNow();
			this.endNanos = this.startNanos + this.duration.toNanos();
			for (int i = 0; i < this.connections; i++) {
				connect();
			}
			if (openLoop()) {
				this.pacing = true;
				this.pacer = new Thread(this::pace, "http-load-pacer");
				this.pacer.setDaemon(true);
				this.pacer.start();
			}
			this.deadline = this.eventLoop.schedule(this::stopIssuing, this.duration.toNanos(), TimeUnit.NANOSECONDS);
		}

		private void connect() {
			ChannelFuture connecting = this.bootstrap.connect(this.target.uri().getHost(), this.target.uri().getPort());
			connecting.addListener((future) -> {
				if (!future.isSuccess()) {
					error("connection refused");
					if (this.issuing) {
						// A refused connection is an error; try again shortly instead of
						// spinning.
						this.eventLoop.schedule(this::connect, 100, TimeUnit.MILLISECONDS);
					}
					return;
				}
				Channel channel = connecting.channel();
				this.open.add(channel);
				ready(channel);
			});
		}

		/** A connection can take a request: give it the next one, or keep it idle. */
		private void ready(Channel channel) {
			if (!this.issuing) {
				channel.close();
				return;
			}
			if (openLoop()) {
				Long dueAt = this.due.poll();
				if (dueAt == null) {
					this.idle.add(channel);
				}
				else {
					send(channel, dueAt);
				}
			}
			else if (this.budget == 0 || this.issued < this.budget) {
				send(channel, System.nanoTime());
			}
			else {
				channel.close();
				finishIfDone();
			}
		}

		/**
		 * Sleeps until the next request is due, then has the event loop issue every
		 * request due by then; runs until the end of the run or until stopped.
		 */
		private void pace() {
			double interval = 1e9 / this.requestsPerSecond;
			long next = 0;
			long notBefore = 0;
			while (this.pacing) {
				long dueAt = this.startNanos + (long) (next * interval);
				if (dueAt >= this.endNanos) {
					return;
				}
				long wait = Math.max(dueAt, notBefore) - System.nanoTime();
				if (wait > 0) {
					// May wake early (unpark, spuriously): the loop looks again.
					LockSupport.parkNanos(wait);
					continue;
				}
				this.eventLoop.execute(this::tick);
				long now = System.nanoTime();
				notBefore = now + MIN_WAKE_SPACING_NANOS;
				next = (long) ((now - this.startNanos) / interval) + 1;
			}
		}

		private void stopPacing() {
			if (this.pacer != null) {
				this.pacing = false;
				LockSupport.unpark(this.pacer);
			}
		}

		private void tick() {
			long now = System.nanoTime();
			long until = Math.min(now, this.endNanos);
			double interval = 1e9 / this.requestsPerSecond;
			while (true) {
				long dueAt = this.startNanos + (long) (this.issued * interval);
				if (dueAt > until || dueAt >= this.endNanos) {
					break;
				}
				this.issued++;
				Channel channel = this.idle.poll();
				if (channel == null) {
					this.due.add(dueAt);
				}
				else {
					send(channel, dueAt);
				}
			}
		}

		private void send(Channel channel, long dueAt) {
			if (!openLoop()) {
				this.issued++;
			}
			long epochMicros = this.startEpochMicros + (dueAt - this.startNanos) / 1_000;
			byte[] body = this.target.body()
				.render(HttpLoad.this.sequence.next(this.target.eventsPerRequest()), epochMicros);
			FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
					this.target.uri().getRawPath(), Unpooled.wrappedBuffer(body));
			request.headers().set(HttpHeaderNames.HOST, this.hostHeader);
			this.target.headers().forEach(request.headers()::set);
			HttpUtil.setContentLength(request, body.length);
			channel.attr(DUE_AT).set(dueAt);
			channel.attr(SENT_AT).set(System.nanoTime());
			channel.attr(SENT).set(false);
			this.inFlight++;
			channel.writeAndFlush(request).addListener((written) -> {
				if (written.isSuccess()) {
					channel.attr(SENT).set(true);
				}
			});
		}

		void answered(Channel channel, FullHttpResponse response) {
			long now = System.nanoTime();
			Long dueAt = channel.attr(DUE_AT).getAndSet(null);
			if (dueAt == null) {
				return;
			}
			this.inFlight--;
			int status = response.status().code();
			// Closed loop: only answers within the window count, so that the rate is
			// exact.
			boolean counted = openLoop() || now <= this.endNanos;
			boolean shed = (status == 429 || status == 503) && response.headers().contains(HttpHeaderNames.RETRY_AFTER);
			if (counted) {
				this.lastAnswerNanos = Math.max(this.lastAnswerNanos, now);
				if (this.target.success().test(status, response.content().toString(StandardCharsets.UTF_8))) {
					this.succeeded++;
					this.latencies.record(now - dueAt);
					this.fromSending.record(now - channel.attr(SENT_AT).get());
				}
				else if (shed) {
					this.shed++;
					this.shedSeconds.set((int) ((now - this.startNanos) / 1_000_000_000L));
				}
				else {
					error("status " + status);
				}
			}
			// A closed-loop client does as told and waits before its next request, as a
			// well-behaved client would; an open loop's requests come when they are due.
			long wait = (shed && !openLoop()) ? retryAfterSeconds(response) : 0;
			if (!HttpUtil.isKeepAlive(response)) {
				// Replaced when it is closed, after the wait (Tomcat closes the
				// connection
				// of every 503): see lost.
				channel.attr(RECONNECT_AFTER).set(wait);
				channel.close();
			}
			else if (wait > 0) {
				this.eventLoop.schedule(() -> ready(channel), wait, TimeUnit.SECONDS);
			}
			else {
				ready(channel);
			}
			finishIfDone();
		}

		void lost(Channel channel) {
			this.open.remove(channel);
			this.idle.remove(channel);
			if (channel.attr(DUE_AT).getAndSet(null) != null) {
				this.inFlight--;
				error("connection lost");
			}
			Long wait = channel.attr(RECONNECT_AFTER).get();
			if (this.issuing && wait != null && wait > 0) {
				this.eventLoop.schedule(this::connect, wait, TimeUnit.SECONDS);
			}
			else if (this.issuing) {
				connect();
			}
			finishIfDone();
		}

		private void stopIssuing() {
			this.stopped = true;
			// Requests due before the end still count in open mode; they go out as
			// connections free up.
			if (this.pacer != null) {
				stopPacing();
				tick();
			}
			this.issuing = this.openLoop() && !this.due.isEmpty();
			this.eventLoop.schedule(this::giveUp, HttpLoad.this.answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!this.issuing) {
				this.idle.forEach(Channel::close);
				this.idle.clear();
			}
			finishIfDone();
		}

		private void finishIfDone() {
			if (this.result.isDone()) {
				return;
			}
			if (this.budget > 0 && this.issued >= this.budget && this.inFlight == 0) {
				this.lastAnswerNanos = System.nanoTime();
				complete();
				return;
			}
			// Not on the end's time alone: an answer coming in between that time and
			// stopIssuing would close the idle connections while stopIssuing may still
			// find requests due, which would then wait for a connection forever.
			if (!this.stopped) {
				return;
			}
			if (this.issuing && this.due.isEmpty()) {
				this.issuing = false;
				this.idle.forEach(Channel::close);
				this.idle.clear();
			}
			if (this.inFlight == 0 && this.due.isEmpty()) {
				complete();
			}
		}

		/**
		 * Counts what is still unanswered by where it waits, so that a lost request says
		 * whether it left the generator: sent whole on a connection still open, not yet
		 * written out, or still waiting for a connection.
		 */
		private void giveUp() {
			for (Channel channel : this.open) {
				if (channel.attr(DUE_AT).get() != null) {
					error(Boolean.TRUE.equals(channel.attr(SENT).get()) ? "unanswered (sent)"
							: "unanswered (not sent)");
				}
			}
			if (!this.due.isEmpty()) {
				this.errorKinds.merge("unanswered (no connection)", (long) this.due.size(), Long::sum);
			}
			complete();
		}

		private void error(String kind) {
			this.errorKinds.merge(kind, 1L, Long::sum);
		}

		private void complete() {
			if (this.result.isDone()) {
				return;
			}
			this.issuing = false;
			// An answer after the end can complete the run before its deadline fired.
			stopPacing();
			this.deadline.cancel(false);
			double seconds;
			if (this.budget > 0) {
				seconds = (this.lastAnswerNanos - this.startNanos) / 1e9;
			}
			else if (openLoop()) {
				// Answers to the last requests may come after the end.
				seconds = Math.max(this.duration.toNanos(), this.lastAnswerNanos - this.startNanos) / 1e9;
			}
			else {
				seconds = this.duration.toNanos() / 1e9;
			}
			this.result.complete(new LoadResult(this.target.name(), openLoop() ? "open" : "closed", this.connections,
					this.requestsPerSecond * this.target.eventsPerRequest(), seconds, this.succeeded,
					this.succeeded * this.target.eventsPerRequest(), this.shed,
					this.errorKinds.values().stream().mapToLong(Long::longValue).sum(), Map.copyOf(this.errorKinds),
					this.latencies.histogram(), this.fromSending.histogram(), this.shedSeconds.nextClearBit(0)));
		}

		void closeAll() {
			this.open.forEach(Channel::close);
			this.open.clear();
			this.idle.clear();
		}

		private static long epochMicrosNow() {
			Instant now = Instant.now();
			return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
		}

	}

	private static long retryAfterSeconds(FullHttpResponse response) {
		try {
			return Math.min(MAX_RETRY_AFTER_SECONDS,
					Math.max(0, Long.parseLong(response.headers().get(HttpHeaderNames.RETRY_AFTER).trim())));
		}
		catch (NumberFormatException ex) {
			// An HTTP date instead of seconds: wait the longest.
			return MAX_RETRY_AFTER_SECONDS;
		}
	}

	private static final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

		private final Run run;

		AnswerHandler(Run run) {
			this.run = run;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
			this.run.answered(context.channel(), response);
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			this.run.lost(context.channel());
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			context.close();
		}

	}

}

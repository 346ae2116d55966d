package io.pulsegate.localpulsar;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Writes the {@code standalone.conf} that both the broker and its embedded bookie read.
 */
final class StandaloneConfiguration {

	private StandaloneConfiguration() {
	}

	static Map<String, String> entries(LocalPulsarSettings settings) {
		Map<String, String> entries = new LinkedHashMap<>();
		entries.put("clusterName", "standalone");
		entries.put("bindAddress", "127.0.0.1");
		entries.put("advertisedAddress", "127.0.0.1");
		entries.put("brokerServicePort", Integer.toString(settings.brokerPort()));
		entries.put("webServicePort", Integer.toString(settings.webPort()));
		// An empty metadata store URL selects the embedded RocksDB store: no ZooKeeper
		// process.
		entries.put("metadataStoreUrl", "");
		entries.put("configurationMetadataStoreUrl", "");
		entries.put("managedLedgerDefaultEnsembleSize", "1");
		entries.put("managedLedgerDefaultWriteQuorum", "1");
		entries.put("managedLedgerDefaultAckQuorum", "1");
		entries.put("loadManagerClassName", "org.apache.pulsar.broker.loadbalance.NoopLoadManager");
		entries.put("loadBalancerEnabled", "false");
		entries.put("webSocketServiceEnabled", "false");
		entries.put("transactionCoordinatorEnabled", "false");
		entries.put("functionsWorkerEnabled", "false");
		entries.put("allowAutoTopicCreationType", "non-partitioned");
		entries.put("brokerDeleteInactiveTopicsEnabled", "false");
		// Copying entries out of the bookie's buffers keeps direct memory bounded under
		// load.
		entries.put("managedLedgerCacheCopyEntries", "true");
		// No entry cache: with it, Pulsar 4.2.4's Key_Shared dispatcher can read an entry
		// that a Shared subscription on the same topic released (IllegalReferenceCount-
		// Exception in getStickyKey) and then stops dispatching for good. Reads come from
		// the bookie's own read cache instead.
		entries.put("managedLedgerCacheSizeMB", "0");
		// A subscription that has read everything looks for new entries only after this
		// delay (10 ms by default), so every event it then receives waited up to that
		// long: with 0 it is told of each entry as it is written.
		entries.put("managedLedgerNewEntriesCheckDelayInMillis", "0");
		// Bookie side of the same file.
		entries.put("listeningInterface", "lo");
		entries.put("allowLoopback", "true");
		entries.put("ledgerStorageClass", "org.apache.bookkeeper.bookie.storage.ldb.DbLedgerStorage");
		entries.put("journalSyncData", "false");
		entries.put("dbStorage_writeCacheMaxSizeMb", "64");
		entries.put("dbStorage_readAheadCacheMaxSizeMb", "32");
		entries.putAll(settings.brokerProperties());
		return entries;
	}

	static Path write(LocalPulsarSettings settings) throws IOException {
		Properties properties = new Properties();
		properties.putAll(entries(settings));
		Path file = settings.dataDirectory().resolve("standalone.conf");
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			properties.store(writer, "Written by the Pulsegate local Pulsar launcher; rewritten at every start");
		}
		return file;
	}

}

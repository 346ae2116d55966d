package io.pulsegate.consumer.events;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * The default handler: records each event in the log.
 */
@Component
class LoggingEventHandler implements EventHandler {

	private static final Log logger = LogFactory.getLog(LoggingEventHandler.class);

	@Override
	public void handle(ReceivedEvent event) {
		if (logger.isInfoEnabled()) {
			logger.info("Handled " + event.metadata().type() + " " + event.metadata().id() + " (key "
					+ event.metadata().key() + "): " + event.data());
		}
	}

}

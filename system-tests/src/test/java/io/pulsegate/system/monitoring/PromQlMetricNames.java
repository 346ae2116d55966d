package io.pulsegate.system.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found without a full parser: string
 * literals, label matchers, ranges, label lists and function calls are taken out first,
 * and the identifiers left that are no keywords are metric names.
 */
final class PromQlMetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	// Label matchers and ranges contain no nested brackets once strings are gone.
	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");

	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern FUNCTION = Pattern.compile("\\b[a-zA-Z_][a-zA-Z0-9_]*\\s*\\(");

	// Numbers and durations (5m, 1e3, 0x1F) before names, so that their letters are not
	// read as names.
	private static final Pattern TOKEN = Pattern
		.compile("(?<number>\\b\\d[a-zA-Z0-9_.]*)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "offset", "bool", "atan2", "inf", "nan", "start", "end");

	private PromQlMetricNames() {
	}

	/**
	 * The metric names in an expression, in order of appearance.
	 * @param expression a PromQL expression without Grafana variables
	 * @return the names, each once
	 */
	static Set<String> in(String expression) {
		String stripped = STRING.matcher(expression).replaceAll(" ");
		stripped = MATCHERS.matcher(stripped).replaceAll(" ");
		stripped = RANGE.matcher(stripped).replaceAll(" ");
		stripped = LABEL_LIST.matcher(stripped).replaceAll(" ");
		stripped = FUNCTION.matcher(stripped).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher token = TOKEN.matcher(stripped);
		while (token.find()) {
			String name = token.group("name");
			if (name != null && !KEYWORDS.contains(name.toLowerCase())) {
				names.add(name);
			}
		}
		return names;
	}

}

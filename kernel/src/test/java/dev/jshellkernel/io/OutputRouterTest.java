package dev.jshellkernel.io;

import org.dflib.jjava.jupyter.channels.ReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputRouterTest {

    /** Records what would go to the IOPub socket. */
    static final class Recorder implements ReplyEnvironment {
        final List<Object> published = new ArrayList<>();

        @Override
        public synchronized <T extends ContentType<T>> void publish(T content) {
            published.add(content);
        }

        synchronized List<Object> snapshot() {
            return List.copyOf(published);
        }

        @Override
        public void publish(Message<?> message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reply(Message<?> message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReplyEnvironment defer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void defer(Runnable action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resolveDeferrals() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T extends ContentType<T>> void reply(T content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replyError(MessageType<?> type, ErrorReply error) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setStatusBusy() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setStatusIdle() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBusyDeferIdle() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void textAndDisplaysKeepTheirOrderAndRunsOfTextMerge() {
        Recorder recorder = new Recorder();
        try (OutputRouter router = new OutputRouter()) {
            router.attach(recorder);
            router.stdout().print("step 1\n");
            router.stdout().print("step 2\n");
            router.stderr().print("warning\n");
            router.display(withId("chart"), false);
            router.stdout().print("done\n");
            router.display(withId("chart v2"), true);
            router.flush();
        }
        List<Object> sent = recorder.snapshot();
        assertEquals(5, sent.size(), sent.toString());
        assertStream(sent.get(0), PublishStream.StreamType.OUT, "step 1\nstep 2\n");
        assertStream(sent.get(1), PublishStream.StreamType.ERR, "warning\n");
        assertInstanceOf(PublishDisplayData.class, sent.get(2));
        assertStream(sent.get(3), PublishStream.StreamType.OUT, "done\n");
        assertInstanceOf(PublishUpdateDisplayData.class, sent.get(4));
    }

    @Test
    void aCharacterSplitAcrossWritesArrivesWhole() {
        Recorder recorder = new Recorder();
        byte[] bytes = "loss ≈ 2.45 🎉\n".getBytes(StandardCharsets.UTF_8);
        try (OutputRouter router = new OutputRouter()) {
            router.attach(recorder);
            for (byte b : bytes) {
                router.stdout().write(b);
            }
            router.flush();
        }
        assertStream(recorder.snapshot().get(0), PublishStream.StreamType.OUT, "loss ≈ 2.45 🎉\n");
    }

    @Test
    void outputIsSentWithoutAnExplicitFlush() throws InterruptedException {
        Recorder recorder = new Recorder();
        try (OutputRouter router = new OutputRouter()) {
            router.attach(recorder);
            router.stdout().println("live");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (recorder.snapshot().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertTrue(!recorder.snapshot().isEmpty(), "the background flush never ran");
        assertStream(recorder.snapshot().get(0), PublishStream.StreamType.OUT, "live\n");
    }

    @Test
    void whileDiscardingNothingIsQueuedAndAfterwardsOutputFlowsAgain() {
        Recorder recorder = new Recorder();
        try (OutputRouter router = new OutputRouter()) {
            router.discard(true);
            router.stdout().println("warm-up says hello");
            router.stderr().println("warm-up complains");
            router.display(withId("warm-up chart"), false);
            router.discard(false);
            router.attach(recorder);
            router.stdout().println("first cell");
            router.flush();
        }
        List<Object> sent = recorder.snapshot();
        assertEquals(1, sent.size(), sent.toString());
        assertStream(sent.get(0), PublishStream.StreamType.OUT, "first cell\n");
    }

    private static DisplayData withId(String text) {
        DisplayData data = new DisplayData(text);
        data.setDisplayId("plot");
        return data;
    }

    private static void assertStream(Object message, PublishStream.StreamType type, String text) {
        PublishStream stream = assertInstanceOf(PublishStream.class, message);
        assertEquals(type, stream.getStreamType());
        assertEquals(text, stream.getText());
    }
}

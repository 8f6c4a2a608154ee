package dev.berth.api;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Runs a task on a thread with a small stack (smaller than berth's -Xss512k), to show it does not recurse deeply. */
final class SmallStack {

    static final long STACK_BYTES = 256 * 1024;

    private SmallStack() {
    }

    /** Nested JSON: {@code depth} times {@code open}, then {@code inner}, then {@code depth} times {@code close}. */
    static String nest(int depth, String open, String inner, String close) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    /** Runs {@code task} on a small-stack thread; its exception (or error) is rethrown as it was. */
    static <T> T run(Callable<T> task) throws Exception {
        return run(task, STACK_BYTES);
    }

    /** Runs {@code task} with a large stack, for checks that recurse themselves (equals of deep lists). */
    static <T> T runLarge(Callable<T> task) throws Exception {
        return run(task, 256L * 1024 * 1024);
    }

    private static <T> T run(Callable<T> task, long stackBytes) throws Exception {
        FutureTask<T> f = new FutureTask<>(task);
        Thread t = new Thread(null, f, "stack-" + stackBytes, stackBytes);
        t.start();
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

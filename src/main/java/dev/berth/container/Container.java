package dev.berth.container;

import dev.berth.runtime.AttachSession;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container in memory: its current record plus what only lives while the daemon runs (the lock that
 * serialises its lifecycle, waiters for its next exit and its removal, attaches made before start).
 * The record is replaced, never mutated. Thread-safe.
 */
final class Container {

    final String id;
    final ReentrantLock lock = new ReentrantLock();
    private volatile ContainerRecord record;
    private CompletableFuture<Integer> nextExit = new CompletableFuture<>();
    final CompletableFuture<Integer> removed = new CompletableFuture<>();
    private final List<PendingAttach> pendingAttaches = new ArrayList<>();
    private final List<AttachSession> liveAttaches = new ArrayList<>();
    volatile boolean removing;
    /** Mounts made for the current run; unmounted when it ends. */
    volatile RunMounts.Active active;
    /**
     * Users of the root filesystem's mount other than a run (docker cp views, export); guarded by {@link #lock}.
     * While there are any, the end of a run leaves the overlay mounted, and the last user unmounts it.
     */
    int rootfsUsers;

    /** An attach waiting for the container to start. */
    record PendingAttach(AttachOptions options, AttachClient client, CompletableFuture<Void> done) {
    }

    Container(ContainerRecord record) {
        this.id = record.id();
        this.record = record;
    }

    ContainerRecord record() {
        return record;
    }

    void record(ContainerRecord r) {
        this.record = r;
    }

    synchronized CompletableFuture<Integer> nextExit() {
        return nextExit;
    }

    /** Completes the waiters of this exit and arms a new future for the next one. */
    synchronized void exited(int code) {
        CompletableFuture<Integer> done = nextExit;
        nextExit = new CompletableFuture<>();
        done.complete(code);
    }

    synchronized void addPending(PendingAttach p) {
        pendingAttaches.add(p);
    }

    synchronized List<PendingAttach> takePending() {
        List<PendingAttach> out = new ArrayList<>(pendingAttaches);
        pendingAttaches.clear();
        return out;
    }

    synchronized void removePending(PendingAttach p) {
        pendingAttaches.remove(p);
    }

    synchronized void addLive(AttachSession s) {
        liveAttaches.add(s);
    }

    synchronized void removeLive(AttachSession s) {
        liveAttaches.remove(s);
    }

    synchronized List<AttachSession> live() {
        return List.copyOf(liveAttaches);
    }
}

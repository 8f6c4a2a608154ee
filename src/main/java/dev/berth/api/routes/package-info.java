/**
 * Route handlers of the Engine API, one class per area ({@code /volumes}, {@code /events}, system): each reads the
 * request through {@link dev.berth.api.Exchange}, calls a service and writes a wire shape from
 * {@code dev.berth.api.wire}; no business rules live here. Imports api, api.wire, the services and their values.
 */
package dev.berth.api.routes;

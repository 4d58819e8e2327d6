/**
 * Benchmarks ({@code bench/run.sh}) and fault drills ({@code bench/drills.sh}) against the local stack that
 * {@code deploy/local/up.sh} runs from this checkout. Plain Java: each run starts, measures, prints and stops by
 * itself, and sends traffic only to this machine.
 */
package org.trialclock.bench;

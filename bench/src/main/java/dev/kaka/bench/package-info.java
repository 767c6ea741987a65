/**
 * Harnesses for the benchmark scripts in {@code bench/}: each starts what its measurement needs
 * (broker, Mongo stand-in, fake GitHub, services) and prints its figures. Not run by the test
 * suite.
 */
package dev.kaka.bench;

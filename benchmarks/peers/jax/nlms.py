from common import KEY, bench, jax, jnp, params

p = params({"p": 128, "C": 2048, "T": 200, "unroll": 8})
P, C, T = p["p"], p["C"], p["T"]
mu, eps0 = jnp.float32(0.5), jnp.float32(1e-3)

@jax.jit
def program(key):
    def step(t, carry):
        W, _, _ = carry
        x = jax.random.uniform(jax.random.fold_in(key, t), (P, C), jnp.float32)
        d = jnp.sum(x * x, axis=0, keepdims=True)
        y = jnp.sum(x * W, axis=0, keepdims=True)
        e = d - y
        nx = jnp.sum(x ** 2, axis=0, keepdims=True) + eps0
        return W + mu * x * (e / nx), d, x
    zero = jnp.zeros((P, C), jnp.float32)
    W, d, x = jax.lax.fori_loop(0, T, step, (zero, jnp.zeros((1, C), jnp.float32), zero), unroll=p["unroll"])
    r = d - jnp.sum(x * W, axis=0, keepdims=True)
    return jnp.mean(r ** 2)

def run():
    mse = program(KEY)
    return lambda: "RESULT_ok MSE=%.6e" % float(mse)

bench(run, "JAX jit, fori_loop unroll %d" % p["unroll"])

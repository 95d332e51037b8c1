"""Fast grammar-constrained sampling for llama-cpp-python.

llama-cpp-python's stock chain applies the grammar sampler to the whole
vocabulary (262k tokens for Gemma 3) before top-k, which makes constrained
generation several times slower than free generation.  ``TopKGrammarSampler``
is a custom llama.cpp sampler placed where the grammar sampler would be: it
copies the ``k`` most likely candidates into a small array, runs a private
grammar sampler on those only and keeps the valid ones.  Only when none of the
top ``k`` tokens is allowed by the grammar does it fall back to checking the
whole vocabulary, so the output is exactly as constrained as with the stock
sampler.  ``accept`` and ``reset`` are forwarded to the private grammar
sampler, which therefore tracks the grammar state as usual.

``FastGrammarLlama`` is a ``Llama`` whose sampler chain uses it whenever a
grammar is given (``fast_grammar=False`` restores the stock chain).

With a ``blocker`` (``blocker.NgramBlocker``), the sampler first removes the
candidates that would copy a few-shot example or repeat an item already
written (token n-grams inside JSON string values); when that leaves no
candidate the grammar allows, the top ``k`` are checked again unblocked, so
blocking never makes an answer invalid.
"""

from __future__ import annotations

import ctypes

import llama_cpp
import numpy as np
from llama_cpp import Llama, LlamaGrammar
from llama_cpp import _internals as internals

# llama_token_data: {int32 id; float logit; float p}
TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])
assert TOKEN_DATA.itemsize == ctypes.sizeof(llama_cpp.llama_token_data)

DEFAULT_TOP_K = 64


class TopKGrammarSampler:
    """A llama.cpp sampler: grammar checked on the top-``k`` candidates first."""

    def __init__(self, vocab, grammar: LlamaGrammar, *, k: int = DEFAULT_TOP_K, blocker=None):
        if k < 1:
            raise ValueError("k must be >= 1")
        self.k = k
        self.blocker = blocker
        self.fast = 0  # steps decided on the top-k candidates
        self.slow = 0  # steps that needed the whole vocabulary
        self.blocked = 0  # steps where blocked candidates were removed
        self._quote_start: dict[int, bool] = {}
        self._grammar = llama_cpp.llama_sampler_init_grammar(
            vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self._grammar:
            raise ValueError("llama.cpp rejected the grammar")
        self._small = (llama_cpp.llama_token_data * k)()
        self._small_np = np.frombuffer(self._small, dtype=TOKEN_DATA)
        self._small_arr = llama_cpp.llama_token_data_array(data=self._small, size=k, selected=-1, sorted=False)

        # ctypes callbacks must stay referenced for the sampler's lifetime.
        self._callbacks = (
            llama_cpp.llama_sampler_i_apply(lambda _smpl, cur_p: self._apply(cur_p)),
            llama_cpp.llama_sampler_i_accept(lambda _smpl, token: self._accept(token)),
            llama_cpp.llama_sampler_i_reset(lambda _smpl: self._reset()),
        )
        iface = llama_cpp.llama_sampler_i()  # unset members (name, clone, free, backend_*) stay NULL
        iface.apply, iface.accept, iface.reset = self._callbacks
        self._iface = iface
        self.sampler = llama_cpp.llama_sampler()
        self.sampler.iface = ctypes.pointer(iface)
        self.sampler.ctx = None

    # -- llama.cpp callbacks -------------------------------------------------

    def _apply(self, cur_p) -> None:
        arr = cur_p.contents
        n = int(arr.size)
        if n == 0:
            return
        buf = np.ctypeslib.as_array(
            ctypes.cast(arr.data, ctypes.POINTER(ctypes.c_byte * (n * TOKEN_DATA.itemsize))).contents
        ).view(TOKEN_DATA)
        k = min(self.k, n)
        top = np.argpartition(buf["logit"], n - k)[n - k:] if k < n else np.arange(n)
        small = self._small_np
        small[:k] = buf[top]
        masked = self._block(small, k)
        self._small_arr.size = k
        self._small_arr.selected = -1
        self._small_arr.sorted = False
        llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(self._small_arr))
        ok = np.isfinite(small["logit"][:k])
        if masked and ok.any():
            self.blocked += 1
        elif masked:  # every allowed candidate was blocked: keep the answer valid, unblocked
            small[:k] = buf[top]
            llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(self._small_arr))
            ok = np.isfinite(small["logit"][:k])
        if ok.any():
            self.fast += 1
            valid = small[:k][ok]
            m = len(valid)
            buf[:m] = valid
            arr.size = m
            arr.sorted = False
            arr.selected = -1
        else:
            self.slow += 1
            llama_cpp.llama_sampler_apply(self._grammar, cur_p)

    def _block(self, small, k: int) -> bool:
        """Remove blocked candidates from the top ``k`` (logit -inf); True if any was removed."""
        blocker = self.blocker
        if blocker is None or not blocker.in_value:
            return False
        ids = small["id"][:k]
        mask = np.zeros(k, dtype=bool)
        banned = blocker.banned()
        if banned:
            mask |= np.isin(ids, np.fromiter(banned, dtype=np.int32, count=len(banned)))
        if blocker.closing_banned():
            mask |= np.fromiter((self._starts_with_quote(int(t)) for t in ids), dtype=bool, count=k)
        if not mask.any():
            return False
        logits = small["logit"][:k]
        logits[mask] = -np.inf
        small["logit"][:k] = logits
        return True

    def _starts_with_quote(self, token: int) -> bool:
        found = self._quote_start.get(token)
        if found is None:
            found = self._quote_start[token] = self.blocker.piece(token)[:1] == b'"'
        return found

    def _accept(self, token: int) -> None:
        llama_cpp.llama_sampler_accept(self._grammar, token)
        if self.blocker is not None:
            self.blocker.accept(token)

    def _reset(self) -> None:
        llama_cpp.llama_sampler_reset(self._grammar)
        if self.blocker is not None:
            self.blocker.reset()

    def close(self) -> None:
        if self._grammar:
            llama_cpp.llama_sampler_free(self._grammar)
            self._grammar = None


def build_chain(
    llama: Llama,
    *,
    grammar: LlamaGrammar | None,
    fast_grammar: bool = True,
    grammar_top_k: int = DEFAULT_TOP_K,
    top_k: int = 40,
    top_p: float = 0.95,
    min_p: float = 0.05,
    typical_p: float = 1.0,
    temp: float = 0.8,
    repeat_penalty: float = 1.0,
    frequency_penalty: float = 0.0,
    presence_penalty: float = 0.0,
    blocker=None,
) -> tuple[internals.LlamaSampler, TopKGrammarSampler | None]:
    """The stock llama-cpp-python chain with the grammar step replaced by ``TopKGrammarSampler``."""
    chain = internals.LlamaSampler()
    chain.add_penalties(
        n_vocab=llama._n_vocab,
        penalty_last_n=llama.last_n_tokens_size,
        penalty_repeat=repeat_penalty,
        penalty_freq=frequency_penalty,
        penalty_present=presence_penalty,
    )
    fast = None
    if grammar is not None:
        if fast_grammar:
            fast = TopKGrammarSampler(llama._model.vocab, grammar, k=grammar_top_k, blocker=blocker)
            llama_cpp.llama_sampler_chain_add(chain.sampler, ctypes.pointer(fast.sampler))
            # LlamaSampler removes custom samplers from the chain before freeing it.
            chain.custom_samplers.append((llama_cpp.llama_sampler_chain_n(chain.sampler) - 1, fast))  # type: ignore[arg-type]
            chain._exit_stack.callback(fast.close)
        else:
            chain.add_grammar(llama._model, grammar)
    if temp < 0.0:
        chain.add_dist(llama._seed)
    elif temp == 0.0:
        chain.add_greedy()
    else:
        chain.add_top_k(top_k)
        chain.add_typical(typical_p, 1)
        chain.add_top_p(top_p, 1)
        chain.add_min_p(min_p, 1)
        chain.add_temp(temp)
        chain.add_dist(llama._seed)
    return chain, fast


class FastGrammarLlama(Llama):
    """``Llama`` whose grammar step checks the top-k candidates first."""

    def __init__(self, *args, fast_grammar: bool = True, grammar_top_k: int = DEFAULT_TOP_K, **kwargs):
        self.fast_grammar = fast_grammar
        self.grammar_top_k = grammar_top_k
        self.last_grammar_sampler: TopKGrammarSampler | None = None
        self.next_blocker = None  # an NgramBlocker for the next constrained completion (used once)
        super().__init__(*args, **kwargs)

    def _init_sampler(self, top_k=40, top_p=0.95, min_p=0.05, typical_p=1.0, temp=0.80, repeat_penalty=1.0,
                      frequency_penalty=0.0, presence_penalty=0.0, tfs_z=1.0, mirostat_mode=0, mirostat_eta=0.1,
                      mirostat_tau=5.0, penalize_nl=True, logits_processor=None, grammar=None):
        if grammar is None or not self.fast_grammar or logits_processor is not None or mirostat_mode:
            self.last_grammar_sampler = None
            return super()._init_sampler(
                top_k=top_k, top_p=top_p, min_p=min_p, typical_p=typical_p, temp=temp,
                repeat_penalty=repeat_penalty, frequency_penalty=frequency_penalty,
                presence_penalty=presence_penalty, tfs_z=tfs_z, mirostat_mode=mirostat_mode,
                mirostat_eta=mirostat_eta, mirostat_tau=mirostat_tau, penalize_nl=penalize_nl,
                logits_processor=logits_processor, grammar=grammar,
            )
        blocker, self.next_blocker = self.next_blocker, None
        chain, fast = build_chain(
            self, grammar=grammar, fast_grammar=True, grammar_top_k=self.grammar_top_k, top_k=top_k,
            top_p=top_p, min_p=min_p, typical_p=typical_p, temp=temp, repeat_penalty=repeat_penalty,
            frequency_penalty=frequency_penalty, presence_penalty=presence_penalty, blocker=blocker,
        )
        self.last_grammar_sampler = fast
        return chain

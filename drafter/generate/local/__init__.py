"""The embedded local model (Gemma 3 270M, llama.cpp in process).

Nothing here imports llama_cpp or litellm at import time: ``provider``
builds the backend, ``handler`` (litellm custom provider) and ``runtime``
(llama.cpp) load on the first request.
"""

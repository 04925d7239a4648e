"""Every process loads device detection's rules at start-up, on the main thread
(personalization/apps.py), and keeps none of the warm-up agents in its cache."""

from personalization.visitor_signals import device


def test_warm_up_leaves_no_warm_up_agent_in_the_cache():
    device.warm_up()

    assert device.cache_info().currsize == 0


def test_the_warm_up_agents_are_one_of_each_kind():
    kinds = {device.parse_device(agent).kind for agent in device.WARM_UP_AGENTS}
    device.cache_clear()

    assert kinds == {"mobile", "tablet", "desktop", "bot"}

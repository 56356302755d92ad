"""policy_kg.graph"""

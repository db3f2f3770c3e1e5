# Orders joined with the customers who placed them.
@feature(name="Customer orders", herd="sales", version="1.0.0")
@contract(path="contracts/")

Feature: Customer orders
  Load customers and orders, reject what breaks their contracts, and join them for analysts.

Scenario: Load customers
  @source("csv://data/customers.csv")
  @step("mask")
  @sink("dataset://sales.customers")
  @sink("jsonl://out/dlq/customers.jsonl" when "!record.valid")
  Given the contract: customer

Scenario: Load orders
  @source("csv://data/orders.csv")
  @step("dedupe", key="order_id")
  @sink("dataset://sales.orders")
  @sink("jsonl://out/dlq/orders.jsonl" when "!record.valid")
  Given the contract: order

Scenario: Join orders with customers
  @source("dataset://sales.orders")
  @source("dataset://sales.customers")
  @step("sql", query="SELECT o.order_id, o.customer_id, o.amount, o.currency, o.channel, o.ordered_at, c.segment, c.country FROM orders o JOIN customers c USING (customer_id)")
  @step("derive", large="record.amount >= 1000.0")
  @sink("dataset://sales.customer_orders")
  @sink("parquet://out/customer_orders.parquet")
  @sink("jsonl://out/dlq/customer_orders.jsonl" when "!record.valid")
  @assert("records.out > 0")
  Given the contract: customer_order

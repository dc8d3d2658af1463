Feature: Notching press NOT1 two-hand control (ISO 13851 type IIIC) and operating modes
  In two-hand mode a stroke starts only when both buttons of HS-502 are pressed within 500 ms of
  each other, after both had been released. Releasing either button stops the press at once; the
  stroke resumes only with a new synchronous actuation, and ends at the top.
  A change of the operating mode stops the press; the new mode is taken over at standstill and never
  starts the press by itself.

  Background: NOT1 is in two-hand mode with the flywheel at speed and the crank at the top
    Given NotchingPress.Cmd.Mode is set to 1
    And NotchingPress.Cmd.MotorStart is pulsed for 100 ms
    And NotchingPress.Sts.StartPermissive is on within 7 s
    And NotchingPress.Sts.ActiveMode is 1 within 100 ms
    And notch.tdc is on

  @requirement(NOT-S2)
  Scenario: Both buttons within 500 ms make exactly one stroke, which ends at the top
    When notch.left_pressed is set to on
    And I wait 300 ms
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA is on within 20 ms
    And NotchingPress.ClutchValveB is on
    And notch.crank_angle is between 180 ° and 300 ° within 500 ms
    And NotchingPress.ClutchValveA is off within 500 ms
    And notch.standstill is on within 200 ms
    And notch.tdc is on within 10 ms
    # buttons still held: no second stroke (anti-repeat)
    And NotchingPress.ClutchValveA stays off for 1 s

  @requirement(NOT-S2)
  Scenario Outline: The second button <delay> after the first <outcome>
    When notch.left_pressed is set to on
    And I wait <delay>
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA <check>

    Examples:
      | delay  | outcome                       | check                  |
      | 450 ms | starts the stroke             | is on within 20 ms     |
      | 550 ms | is refused as not synchronous | stays off for 1 s      |

  @requirement(NOT-S2)
  Scenario: After a non-synchronous actuation both buttons must be released before the next attempt
    When notch.left_pressed is set to on
    And I wait 600 ms
    And notch.right_pressed is set to on
    Then NotchingPress.Alarm.TwoHandNotSync is on within 20 ms
    When notch.left_pressed is set to off
    And I wait 100 ms
    And notch.left_pressed is set to on
    Then NotchingPress.ClutchValveA stays off for 1 s
    When notch.left_pressed is set to off
    And notch.right_pressed is set to off
    And I wait 100 ms
    And notch.left_pressed is set to on
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA is on within 20 ms

  @requirement(NOT-S2)
  Scenario: Releasing one button during the closing stroke stops the press before the die closes
    When notch.left_pressed is set to on
    And notch.right_pressed is set to on
    And I wait at most 1 s until notch.crank_angle is between 60 ° and 70 °
    And notch.right_pressed is set to off
    Then NotchingPress.ClutchValveA is off within 20 ms
    And notch.standstill is on within 155 ms
    And notch.crank_angle is below 180 °
    # pressing the released button again alone does not resume the stroke
    When notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA stays off for 1 s
    # a new synchronous actuation resumes it, and it ends at the top
    When notch.left_pressed is set to off
    And notch.right_pressed is set to off
    And I wait 100 ms
    And notch.left_pressed is set to on
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA is on within 20 ms
    And notch.crank_angle is between 180 ° and 300 ° within 500 ms
    And notch.standstill is on within 1 s
    And notch.tdc is on within 10 ms

  @requirement(NOT-S2)
  Scenario: A button tied down (stuck pressed) cannot be used to start strokes with the other one
    When the two_hand_button_stuck fault occurs in notch
    And I wait 1 s
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA stays off for 2 s
    And NotchingPress.Alarm.TwoHandNotSync is on

  @requirement(NOT-M1)
  Scenario: A mode change during a stroke stops the press, and the new mode never starts it
    When notch.left_pressed is set to on
    And notch.right_pressed is set to on
    And I wait at most 1 s until notch.crank_angle is between 40 ° and 50 °
    And NotchingPress.Cmd.Mode is set to 2
    Then NotchingPress.ClutchValveA is off within 20 ms
    # the crank is still turning: the new mode is not taken over yet
    And notch.standstill is off
    And NotchingPress.Sts.ActiveMode is 1
    And notch.standstill is on within 155 ms
    And NotchingPress.Sts.ActiveMode is 2 within 100 ms
    When notch.left_pressed is set to off
    And notch.right_pressed is set to off
    Then NotchingPress.ClutchValveA stays off for 2 s
    When NotchingPress.Cmd.Start is pulsed for 100 ms
    Then notch.crank_speed_spm is 120 rpm ± 2 rpm within 1 s

  @requirement(NOT-S1)
  Scenario: The light curtain also guards the two-hand stroke
    When notch.left_pressed is set to on
    And notch.right_pressed is set to on
    And I wait at most 1 s until notch.crank_angle is between 30 ° and 40 °
    And notch.intrusion is set to on
    Then NotchingPress.ClutchValveA is off within 40 ms
    And notch.standstill is on within 155 ms
    And NotchingPress.Alarm.LightCurtain is on

  @requirement(NOT-S2)
  Scenario: The not-synchronous alarm is held until both buttons are released, and a synchronous actuation raises none
    When notch.left_pressed is set to on
    And I wait 600 ms
    And notch.right_pressed is set to on
    Then NotchingPress.Alarm.TwoHandNotSync is on within 20 ms
    When notch.right_pressed is set to off
    Then NotchingPress.Alarm.TwoHandNotSync stays on for 500 ms
    When notch.left_pressed is set to off
    Then NotchingPress.Alarm.TwoHandNotSync is off within 20 ms
    When notch.left_pressed is set to on
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA is on within 20 ms
    And NotchingPress.Alarm.TwoHandNotSync is off
    And notch.tdc rises within 1 s
    And NotchingPress.Alarm.TwoHandNotSync is off

  @requirement(NOT-S1) @requirement(NOT-S2)
  Scenario: After a light curtain stop of a two-hand stroke a reset with the buttons still held does not resume it
    When notch.left_pressed is set to on
    And notch.right_pressed is set to on
    And I wait at most 1 s until notch.crank_angle is between 30 ° and 40 °
    And notch.intrusion is set to on
    Then NotchingPress.ClutchValveA is off within 40 ms
    And notch.standstill is on within 155 ms
    And NotchingPress.Sts.StrokeActive is off
    When notch.intrusion is set to off
    And I wait 100 ms
    And NotchingPress.Cmd.Reset is pulsed for 200 ms
    Then NotchingPress.Alarm.LightCurtain is off
    # both buttons are still held: the stroke needs a new synchronous actuation (restart interlock)
    And NotchingPress.ClutchValveA stays off for 1 s
    When notch.left_pressed is set to off
    And notch.right_pressed is set to off
    And I wait 100 ms
    And notch.left_pressed is set to on
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA is on within 20 ms
    And notch.crank_angle is between 180 ° and 300 ° within 500 ms
    And notch.standstill is on within 1 s
    And notch.tdc is on within 10 ms

  @requirement(NOT-S2)
  Scenario: A stroke released on the upstroke coasts past the top-stop point, and the next actuation makes one full stroke to the top
    When notch.left_pressed is set to on
    And notch.right_pressed is set to on
    And I wait at most 1 s until notch.crank_angle is between 275 ° and 285 °
    And notch.right_pressed is set to off
    Then NotchingPress.ClutchValveA is off within 20 ms
    And notch.standstill is on within 200 ms
    # the crank stopped beyond the 310° top-stop point but short of TDC
    And notch.crank_angle is between 310 ° and 350 °
    And notch.tdc is off
    When notch.left_pressed is set to off
    And I wait 100 ms
    And notch.left_pressed is set to on
    And notch.right_pressed is set to on
    Then NotchingPress.ClutchValveA is on within 20 ms
    And notch.crank_angle is between 180 ° and 300 ° within 1 s
    And NotchingPress.ClutchValveA is off within 500 ms
    And notch.standstill is on within 200 ms
    And notch.tdc is on within 10 ms
    And NotchingPress.ClutchValveA stays off for 1 s
